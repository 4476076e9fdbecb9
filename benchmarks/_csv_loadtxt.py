"""Times numpy.loadtxt on a Kaggle digit CSV: `python3 _csv_loadtxt.py FILE`; prints JSON."""
import json
import sys
import time

import numpy as np

start = time.perf_counter()
data = np.loadtxt(sys.argv[1], delimiter=",", skiprows=1, dtype=np.uint8)
print(json.dumps({"seconds": time.perf_counter() - start, "rows": int(data.shape[0])}))
