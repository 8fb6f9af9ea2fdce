"""The floor of a function's cold start: its third-party imports and nothing of Comptoir.

python tests/perf/floor.py api|stream|schedule
"""

import importlib
import json
import sys
from pathlib import Path

for name in json.loads(Path(__file__).with_name("floor_modules.json").read_text())[sys.argv[1]]:
    importlib.import_module(name)
