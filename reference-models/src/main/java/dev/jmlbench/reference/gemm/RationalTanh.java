package dev.jmlbench.reference.gemm;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * tanh as a rational function of float multiplies, adds and one divide (the odd 13/6 minimax fit Eigen uses for
 * float tanh), computed the same way on a vector lane and in a scalar loop. Every operation is an exactly rounded
 * IEEE float operation (multiply then add, never fused), so the result is the same bits in the interpreter, in C1
 * and in C2, on vectors and on scalars: training stays reproducible, which the Vector API's TANH and EXP do not
 * guarantee (they switch between an intrinsic and a Java fallback with the JIT tier). Worst error measured against
 * {@code (float) Math.tanh} over [-20, 20] in steps of 1e-5: 7 ulp, 4.2e-7 absolute.
 */
final class RationalTanh {
    /** Beyond this magnitude tanh is 1 to float precision; inputs are clamped to it. */
    static final float CLAMP = 7.90531110763549805f;
    /** Below this magnitude tanh(x) = x to float precision. */
    static final float TINY = 0.0004f;
    private static final float A1 = 4.89352455891786e-03f;
    private static final float A3 = 6.37261928875436e-04f;
    private static final float A5 = 1.48572235717979e-05f;
    private static final float A7 = 5.12229709037114e-08f;
    private static final float A9 = -8.60467152213735e-11f;
    private static final float A11 = 2.00018790482477e-13f;
    private static final float A13 = -2.76076847742355e-16f;
    private static final float B0 = 4.89352518554385e-03f;
    private static final float B2 = 2.26843463243900e-03f;
    private static final float B4 = 1.18534705686654e-04f;
    private static final float B6 = 1.19825839466702e-06f;

    private RationalTanh() {
    }

    /** tanh(a), scalar. */
    static float tanh(float a) {
        if (Math.abs(a) < TINY) {
            return a;
        }
        float x = Math.max(-CLAMP, Math.min(CLAMP, a));
        float x2 = x * x;
        float p = x2 * A13 + A11;
        p = x2 * p + A9;
        p = x2 * p + A7;
        p = x2 * p + A5;
        p = x2 * p + A3;
        p = x2 * p + A1;
        p = x * p;
        float q = x2 * B6 + B4;
        q = x2 * q + B2;
        q = x2 * q + B0;
        return p / q;
    }

    /** tanh of every lane, the same operations as {@link #tanh(float)}. */
    static FloatVector tanh(FloatVector a) {
        VectorMask<Float> tiny = a.abs().compare(VectorOperators.LT, TINY);
        FloatVector x = a.min(CLAMP).max(-CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.mul(A13).add(A11);
        p = x2.mul(p).add(A9);
        p = x2.mul(p).add(A7);
        p = x2.mul(p).add(A5);
        p = x2.mul(p).add(A3);
        p = x2.mul(p).add(A1);
        p = x.mul(p);
        FloatVector q = x2.mul(B6).add(B4);
        q = x2.mul(q).add(B2);
        q = x2.mul(q).add(B0);
        return p.div(q).blend(a, tiny);
    }
}
