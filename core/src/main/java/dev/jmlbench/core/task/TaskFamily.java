package dev.jmlbench.core.task;

/** The three families of tasks the suite compares. */
public enum TaskFamily {
    /** Convolutional networks over images. */
    CNN,
    /** Recurrent networks over sequences and text. */
    RNN,
    /** Classic machine learning: linear models, trees, forests, small MLPs over tabular data. */
    CLASSIC
}
