"""The floor of a function's cold start: its third-party imports and nothing of Comptoir.

python tests/perf/floor.py api|stream|schedule [--no-collection]

With --no-collection the modules load with the garbage collector off, as the functions' own
modules do (chalicelib/loading.py): the stricter floor.
"""

import gc
import importlib
import json
import sys
from pathlib import Path

if "--no-collection" in sys.argv:
    gc.disable()
for name in json.loads(Path(__file__).with_name("floor_modules.json").read_text())[sys.argv[1]]:
    importlib.import_module(name)
