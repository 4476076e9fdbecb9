"""Executes a notebook on its kernel, cell by cell, and writes it with its outputs.

Usage: python3 _execute.py IN.ipynb OUT.ipynb [--timeout SECONDS]

Why not `jupyter nbconvert --execute` (nbclient): Deno's kernel (2.9.6) sometimes publishes a
cell's "idle" status before the last of its outputs, and nbclient stops listening for a cell at
"idle", so it drops them (a 30-cell probe kept 76-78 of its 90 outputs). This runner files every
output under the cell its parent header names, whenever it arrives, and drains the kernel's
messages before it shuts down. It uses jupyter_client, which python3-nbclient brings.

It runs every cell even after one fails, and prints one line per failing cell (its number, from
1, and the error), then exits 1; exit 0 when every cell ran.
"""

import json
import os
import sys
import time

import jupyter_client

GRACE = 1.0  # seconds to wait for late outputs after the last cell


def execute(path_in: str, path_out: str, timeout: float) -> int:
    with open(path_in, encoding="utf-8") as f:
        nb = json.load(f)
    kernel = nb["metadata"].get("kernelspec", {}).get("name", "deno")
    manager = jupyter_client.KernelManager(kernel_name=kernel)
    # In the notebook's folder, as Jupyter runs it, so that its relative imports resolve.
    manager.start_kernel(cwd=os.path.dirname(os.path.abspath(path_in)))
    client = manager.client()
    client.start_channels()
    failures = []
    try:
        client.wait_for_ready(timeout=60)
        cells_by_msg = {}
        count = 0
        for index, cell in enumerate(nb["cells"]):
            if cell["cell_type"] != "code":
                continue
            cell["outputs"] = []
            count += 1
            cell["execution_count"] = count
            source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            msg_id = client.execute(source, allow_stdin=False)
            cells_by_msg[msg_id] = (index, cell)
            reply = client.get_shell_msg(timeout=timeout)
            while reply["parent_header"].get("msg_id") != msg_id:
                reply = client.get_shell_msg(timeout=timeout)
            # Outputs until this cell's idle; later ones are filed by their parent below.
            idle = False
            deadline = time.time() + timeout
            while not idle and time.time() < deadline:
                idle = take(client, cells_by_msg, msg_id, 0.5)
            if reply["content"].get("status") == "error":
                content = reply["content"]
                failures.append(f"cell {index + 1}: {content.get('ename')}: {content.get('evalue')}")
        end = time.time() + GRACE
        while time.time() < end:
            take(client, cells_by_msg, None, 0.1)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    with open(path_out, "w", encoding="utf-8") as f:
        json.dump(nb, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for line in failures:
        print(f"{path_in}: {line}")
    return 1 if failures else 0


def take(client, cells_by_msg, waiting_for, seconds: float) -> bool:
    """Files one message under its cell; true when it is `waiting_for`'s idle status."""
    try:
        msg = client.get_iopub_msg(timeout=seconds)
    except Exception:  # queue.Empty
        return False
    parent = msg["parent_header"].get("msg_id")
    kind = msg["msg_type"]
    content = msg["content"]
    if kind == "status":
        return parent == waiting_for and content.get("execution_state") == "idle"
    if parent not in cells_by_msg:
        return False
    _, cell = cells_by_msg[parent]
    if kind == "stream":
        outputs = cell["outputs"]
        if outputs and outputs[-1]["output_type"] == "stream" and outputs[-1]["name"] == content["name"]:
            outputs[-1]["text"] += content["text"]
        else:
            outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
    elif kind in ("display_data", "execute_result"):
        output = {"output_type": kind, "data": content["data"], "metadata": content.get("metadata", {})}
        if kind == "execute_result":
            output["execution_count"] = cell["execution_count"]
        cell["outputs"].append(output)
    elif kind == "error":
        cell["outputs"].append({
            "output_type": "error",
            "ename": content["ename"],
            "evalue": content["evalue"],
            "traceback": content["traceback"],
        })
    return False


if __name__ == "__main__":
    args = sys.argv[1:]
    cell_timeout = 300.0
    if "--timeout" in args:
        at = args.index("--timeout")
        cell_timeout = float(args[at + 1])
        del args[at : at + 2]
    if len(args) != 2:
        print("usage: python3 _execute.py IN.ipynb OUT.ipynb [--timeout SECONDS]", file=sys.stderr)
        sys.exit(2)
    sys.exit(execute(args[0], args[1], cell_timeout))
