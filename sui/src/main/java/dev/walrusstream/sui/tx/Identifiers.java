package dev.walrusstream.sui.tx;

/** Move identifier rules for module, function and struct names. */
final class Identifiers {
    private Identifiers() {
    }

    static String check(String identifier, String what) {
        if (identifier == null || identifier.isEmpty()) {
            throw new IllegalArgumentException(what + " is empty");
        }
        char first = identifier.charAt(0);
        boolean ok = Character.isLetter(first) && first < 128
                || first == '_' && identifier.length() > 1;
        for (int i = 1; ok && i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
        }
        if (!ok) {
            throw new IllegalArgumentException(what + " '" + identifier + "' is not a Move identifier");
        }
        return identifier;
    }
}
