"""igfbook: the helpers behind an executable, data-backed book on targeting the IGF axis in cancer.

Modules are imported by name (``from igfbook import data, figures``) so that the build can tell
which parts of the package each chapter depends on.
"""

__version__ = "0.1.0"
