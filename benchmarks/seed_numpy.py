"""The seed tutorial's network in NumPy, as the tutorial writes it, for `deno task compare`.

Reads MNIST from the IDX files given on the command line (the same bundled
files the TypeScript side uses), takes the first ROWS training images, shuffles
them with a seeded generator, holds out the first 1,000 as the dev set, and
trains 784-10-10 by full-batch gradient descent. Prints one JSON line.

Usage: python3 seed_numpy.py IMAGES LABELS [--rows 42000] [--iterations 500] [--lr 0.1] [--seed 0]
"""
import argparse
import json
import resource
import time

import numpy as np


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndims = data[3]
    dims = [int.from_bytes(data[4 + 4 * d: 8 + 4 * d], "big") for d in range(ndims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


# --- the seed's functions, unchanged in substance ---------------------------

def init_params():
    W1 = np.random.rand(10, 784) - 0.5
    b1 = np.random.rand(10, 1) - 0.5
    W2 = np.random.rand(10, 10) - 0.5
    b2 = np.random.rand(10, 1) - 0.5
    return W1, b1, W2, b2


def ReLU(Z):
    return np.maximum(Z, 0)


def softmax(Z):
    return np.exp(Z) / sum(np.exp(Z))


def forward_prop(W1, b1, W2, b2, X):
    Z1 = W1.dot(X) + b1
    A1 = ReLU(Z1)
    Z2 = W2.dot(A1) + b2
    A2 = softmax(Z2)
    return Z1, A1, Z2, A2


def ReLU_deriv(Z):
    return Z > 0


def one_hot(Y):
    one_hot_Y = np.zeros((Y.size, Y.max() + 1))
    one_hot_Y[np.arange(Y.size), Y] = 1
    return one_hot_Y.T


def backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y, m):
    one_hot_Y = one_hot(Y)
    dZ2 = A2 - one_hot_Y
    dW2 = 1 / m * dZ2.dot(A1.T)
    db2 = 1 / m * np.sum(dZ2)
    dZ1 = W2.T.dot(dZ2) * ReLU_deriv(Z1)
    dW1 = 1 / m * dZ1.dot(X.T)
    db1 = 1 / m * np.sum(dZ1)
    return dW1, db1, dW2, db2


def update_params(W1, b1, W2, b2, dW1, db1, dW2, db2, alpha):
    W1 = W1 - alpha * dW1
    b1 = b1 - alpha * db1
    W2 = W2 - alpha * dW2
    b2 = b2 - alpha * db2
    return W1, b1, W2, b2


def get_predictions(A2):
    return np.argmax(A2, 0)


def get_accuracy(predictions, Y):
    return np.sum(predictions == Y) / Y.size


def gradient_descent(X, Y, alpha, iterations, m):
    W1, b1, W2, b2 = init_params()
    for i in range(iterations):
        Z1, A1, Z2, A2 = forward_prop(W1, b1, W2, b2, X)
        dW1, db1, dW2, db2 = backward_prop(Z1, A1, Z2, A2, W1, W2, X, Y, m)
        W1, b1, W2, b2 = update_params(W1, b1, W2, b2, dW1, db1, dW2, db2, alpha)
    return W1, b1, W2, b2


def make_predictions(X, W1, b1, W2, b2):
    _, _, _, A2 = forward_prop(W1, b1, W2, b2, X)
    return get_predictions(A2)


# ---------------------------------------------------------------------------

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("images")
    parser.add_argument("labels")
    parser.add_argument("--rows", type=int, default=42000)
    parser.add_argument("--iterations", type=int, default=500)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    np.random.seed(args.seed)
    load_start = time.perf_counter()
    images = read_idx(args.images)[: args.rows].reshape(-1, 784)
    labels = read_idx(args.labels)[: args.rows]
    # The seed's layout: one row per image, label first, as in Kaggle's train.csv.
    data = np.hstack([labels.reshape(-1, 1), images]).astype(np.int64)
    m, n = data.shape
    np.random.shuffle(data)
    data_dev = data[0:1000].T
    Y_dev = data_dev[0]
    X_dev = data_dev[1:n] / 255.0
    data_train = data[1000:m].T
    Y_train = data_train[0]
    X_train = data_train[1:n] / 255.0
    _, m_train = X_train.shape
    load_seconds = time.perf_counter() - load_start

    start = time.perf_counter()
    W1, b1, W2, b2 = gradient_descent(X_train, Y_train, args.lr, args.iterations, m_train)
    train_seconds = time.perf_counter() - start

    train_accuracy = get_accuracy(make_predictions(X_train, W1, b1, W2, b2), Y_train)
    dev_accuracy = get_accuracy(make_predictions(X_dev, W1, b1, W2, b2), Y_dev)
    print(json.dumps({
        "implementation": "numpy " + np.__version__,
        "iterations": args.iterations,
        "samples": int(m_train),
        "trainAccuracy": float(train_accuracy),
        "devAccuracy": float(dev_accuracy),
        "trainSeconds": train_seconds,
        "loadSeconds": load_seconds,
        "msPerIteration": 1000 * train_seconds / max(args.iterations, 1),
        "peakMemoryMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
