package dev.walrusstream.chain.bls;

import org.bouncycastle.crypto.bls.BLS12_381G1;
import org.bouncycastle.math.ec.ECCurve;

/** The one G1 curve instance every key is decompressed onto (points must share a curve to be added). */
final class Curves {
    static final ECCurve G1 = BLS12_381G1.createCurve();

    private Curves() {
    }
}
