"""One epoch of mini-batch SGD on an MLP in NumPy or PyTorch, for `deno task compare-mlp`.

The same net and recipe as the TypeScript side: layers of the given widths
(ReLU between, softmax last), He init (normal, std sqrt(2 / fan-in), zero
biases), float32, samples as columns, batches of 128 in a seeded shuffled
order, plain SGD at lr 0.1, one pass over the 60,000 training images, then
accuracy on the 10,000 test images. The epoch's time includes gathering and
scaling each batch (the TypeScript side's upload). --inverted trains and
tests on 255 - x (a dense input). Prints one JSON line.

Usage: python3 mlp_peer.py numpy|torch TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS
       [--hidden 128] [--batch 128] [--lr 0.1] [--epochs 1] [--seed 0] [--inverted]
"""
import argparse
import json
import resource
import sys
import time

import numpy as np


def read_idx(path):
    with open(path, "rb") as f:
        data = f.read()
    ndims = data[3]
    dims = [int.from_bytes(data[4 + 4 * d: 8 + 4 * d], "big") for d in range(ndims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndims).reshape(dims)


def he_layers(widths, rng):
    layers = []
    for fan_in, fan_out in zip(widths[:-1], widths[1:]):
        W = (rng.standard_normal((fan_out, fan_in)) * np.sqrt(2 / fan_in)).astype(np.float32)
        layers.append((W, np.zeros((fan_out, 1), dtype=np.float32)))
    return layers


def numpy_epochs(layers, images, labels, order_rng, args):
    """Trains in place; returns the seconds of the epochs."""
    count = images.shape[0]
    eye = np.eye(10, dtype=np.float32)
    start = time.perf_counter()
    for _ in range(args.epochs):
        order = order_rng.permutation(count)
        for s in range(0, count, args.batch):
            idx = order[s: s + args.batch]
            X = images[idx].T * np.float32(1 / 255)  # features x m
            m = X.shape[1]
            A = [X]
            Z = []
            for i, (W, b) in enumerate(layers):
                z = W @ A[-1] + b
                Z.append(z)
                if i < len(layers) - 1:
                    A.append(np.maximum(z, 0))
                else:
                    e = np.exp(z - z.max(axis=0, keepdims=True))
                    A.append(e / e.sum(axis=0, keepdims=True))
            dZ = A[-1] - eye[labels[idx]].T
            for i in range(len(layers) - 1, -1, -1):
                W, b = layers[i]
                dW = (dZ @ A[i].T) * np.float32(1 / m)
                db = dZ.sum(axis=1, keepdims=True) * np.float32(1 / m)
                if i > 0:
                    dZ = (W.T @ dZ) * (Z[i - 1] > 0)
                W -= np.float32(args.lr) * dW
                b -= np.float32(args.lr) * db
    return time.perf_counter() - start


def numpy_accuracy(layers, images, labels):
    A = images.T.astype(np.float32) / 255
    for i, (W, b) in enumerate(layers):
        A = W @ A + b
        if i < len(layers) - 1:
            A = np.maximum(A, 0)
    return float(np.mean(A.argmax(axis=0) == labels))


def torch_epochs(torch, layers, images, labels, order_rng, args):
    count = images.shape[0]
    eye = torch.eye(10, dtype=torch.float32)
    images = torch.from_numpy(np.ascontiguousarray(images))
    labels = torch.from_numpy(labels.astype(np.int64))
    start = time.perf_counter()
    for _ in range(args.epochs):
        order = torch.from_numpy(order_rng.permutation(count))
        for s in range(0, count, args.batch):
            idx = order[s: s + args.batch]
            X = images[idx].t().float() * (1 / 255)
            m = X.shape[1]
            A = [X]
            Z = []
            for i, (W, b) in enumerate(layers):
                z = torch.addmm(b, W, A[-1])
                Z.append(z)
                if i < len(layers) - 1:
                    A.append(torch.relu(z))
                else:
                    A.append(torch.softmax(z, dim=0))
            dZ = A[-1] - eye[labels[idx]].t()
            for i in range(len(layers) - 1, -1, -1):
                W, b = layers[i]
                dW = torch.mm(dZ, A[i].t()) * (1 / m)
                db = dZ.sum(dim=1, keepdim=True) * (1 / m)
                if i > 0:
                    dZ = torch.mm(W.t(), dZ) * (Z[i - 1] > 0)
                W.sub_(dW, alpha=args.lr)
                b.sub_(db, alpha=args.lr)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("framework", choices=["numpy", "torch"])
    parser.add_argument("train_images")
    parser.add_argument("train_labels")
    parser.add_argument("test_images")
    parser.add_argument("test_labels")
    parser.add_argument("--hidden", default="128")
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.1)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--inverted", action="store_true")
    args = parser.parse_args()

    widths = [784] + [int(w) for w in args.hidden.split(",")] + [10]
    images = read_idx(args.train_images).reshape(-1, 784)
    labels = read_idx(args.train_labels)
    test_images = read_idx(args.test_images).reshape(-1, 784)
    test_labels = read_idx(args.test_labels)
    if args.inverted:
        images = 255 - images
        test_images = 255 - test_images
    layers = he_layers(widths, np.random.default_rng(args.seed))
    order_rng = np.random.default_rng(args.seed + 1)

    if args.framework == "numpy":
        seconds = numpy_epochs(layers, images, labels, order_rng, args)
        accuracy = numpy_accuracy(layers, test_images, test_labels)
        implementation = "numpy " + np.__version__
    else:
        try:
            import torch
        except ImportError as error:
            print(f"error: cannot import torch: {error}", file=sys.stderr)
            sys.exit(3)
        torch.set_num_threads(1)
        layers = [(torch.from_numpy(W), torch.from_numpy(b)) for W, b in layers]
        seconds = torch_epochs(torch, layers, images, labels, order_rng, args)
        accuracy = numpy_accuracy(
            [(W.numpy(), b.numpy()) for W, b in layers], test_images, test_labels)
        implementation = f"pytorch {torch.__version__} (1 thread)"

    print(json.dumps({
        "implementation": implementation,
        "secondsPerEpoch": seconds / args.epochs,
        "testAccuracy": accuracy,
        "peakMemoryMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
