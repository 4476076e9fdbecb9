"""One epoch of the conv preset's net in PyTorch, for `deno task compare-conv`.

The same net and recipe as the TypeScript side: conv 5x5x16, ReLU, max-pool 2,
conv 5x5x32, ReLU, max-pool 2, dense 512 -> 10 (softmax cross-entropy), He init
(normal, std sqrt(2 / fan-in), zero biases), float32, batches of 128 in a
seeded shuffled order, Adam (lr 0.002, betas 0.9 and 0.999, eps 1e-8, no
schedule, no augmentation), one pass over the 60,000 training images, then
accuracy on the 10,000 test images. The epoch's time includes gathering and
scaling each batch (the TypeScript side's upload). Prints one JSON line.

Usage: python3 conv_peer.py TRAIN_IMAGES TRAIN_LABELS TEST_IMAGES TEST_LABELS
       [--threads 1] [--batch 128] [--lr 0.002] [--epochs 1] [--seed 0]
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("train_images")
    parser.add_argument("train_labels")
    parser.add_argument("test_images")
    parser.add_argument("test_labels")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--batch", type=int, default=128)
    parser.add_argument("--lr", type=float, default=0.002)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    try:
        import torch
        from torch import nn
    except ImportError as error:
        print(f"error: cannot import torch: {error}", file=sys.stderr)
        sys.exit(3)
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)

    images = torch.from_numpy(np.ascontiguousarray(read_idx(args.train_images)))
    labels = torch.from_numpy(read_idx(args.train_labels).astype(np.int64))
    test_images = torch.from_numpy(np.ascontiguousarray(read_idx(args.test_images)))
    test_labels = torch.from_numpy(read_idx(args.test_labels).astype(np.int64))

    net = nn.Sequential(
        nn.Conv2d(1, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(), nn.Linear(512, 10),
    )
    for layer in net:
        if isinstance(layer, (nn.Conv2d, nn.Linear)):
            fan_in = layer.weight[0].numel()
            nn.init.normal_(layer.weight, 0.0, (2.0 / fan_in) ** 0.5)
            nn.init.zeros_(layer.bias)
    optimizer = torch.optim.Adam(net.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8)
    loss_of = nn.CrossEntropyLoss()
    order_rng = np.random.default_rng(args.seed + 1)
    count = images.shape[0]

    start = time.perf_counter()
    for _ in range(args.epochs):
        order = torch.from_numpy(order_rng.permutation(count))
        for s in range(0, count, args.batch):
            idx = order[s: s + args.batch]
            X = images[idx].unsqueeze(1).float() * (1 / 255)
            optimizer.zero_grad(set_to_none=True)
            loss = loss_of(net(X), labels[idx])
            loss.backward()
            optimizer.step()
    seconds = time.perf_counter() - start

    with torch.no_grad():
        correct = 0
        for s in range(0, test_images.shape[0], 1000):
            X = test_images[s: s + 1000].unsqueeze(1).float() * (1 / 255)
            correct += int((net(X).argmax(dim=1) == test_labels[s: s + 1000]).sum())
    print(json.dumps({
        "implementation": f"pytorch {torch.__version__} ({args.threads} thread{'s' if args.threads > 1 else ''})",
        "secondsPerEpoch": seconds / args.epochs,
        "testAccuracy": correct / test_images.shape[0],
        "peakMemoryMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
