/**
 * Classic algorithms of the reference engine for the classic-ML tasks: a CART decision tree (Gini impurity,
 * depth and leaf-size limits) and a random forest (bootstrap samples, random feature subsets per split,
 * probability averaging), with a seeded, multithreaded fit whose result does not depend on the thread count.
 * Both search splits exactly over ranked feature values. The engine exposes them as the catalogue's CART and
 * random-forest tasks ({@code dev.jmlbench.reference.ClassicModel}). Multinomial logistic regression is the network engine's Dense + softmax layer.
 */
package dev.jmlbench.reference.classic;
