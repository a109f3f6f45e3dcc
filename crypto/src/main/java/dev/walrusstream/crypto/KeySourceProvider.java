package dev.walrusstream.crypto;

import java.util.Map;

/**
 * The KMS hook: a user's key source, found through {@link java.util.ServiceLoader} by
 * {@link #name()} ({@code kms:NAME}) or by class name ({@code kms:com.example.MyKms}, a class with
 * a public no-argument constructor implementing this interface or {@link KeySource}).
 */
public interface KeySourceProvider {

    /** The name users select the provider by. */
    String name();

    /** Opens the source; {@code settings} are the {@code key=value} pairs after '?' in the spec. */
    KeySource open(Map<String, String> settings) throws EncryptionException;
}
