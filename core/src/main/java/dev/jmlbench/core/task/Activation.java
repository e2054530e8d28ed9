package dev.jmlbench.core.task;

/** Element-wise (or, for softmax, row-wise) activation applied after a layer. */
public enum Activation {
    IDENTITY, RELU, TANH, SIGMOID, SOFTMAX
}
