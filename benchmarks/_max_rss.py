"""Runs a command and reports its peak resident memory: `python3 _max_rss.py CMD ARGS...`.

Prints the command's standard output, then a line `maxRssMB <megabytes>`.
Exits with the command's status.
"""
import resource
import subprocess
import sys

result = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE)
sys.stdout.write(result.stdout.decode())
print("maxRssMB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)
sys.exit(result.returncode)
