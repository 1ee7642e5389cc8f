"""databook: build a Jupyter Book whose every table, figure, number and claim comes from data.

The tool knows nothing of any particular book. It validates CSV tables against a Frictionless
data package and a BibTeX file, executes the chapters whose code or recorded inputs changed,
checks each chapter's prose against the facts it computed, builds the site strictly with
Jupyter Book 1 and publishes it atomically, with a report of what the rebuild changed.

Modules, one concern each: :mod:`~databook.project` (paths and TOC), :mod:`~databook.inputs`
(what a chapter read, and the one digest per kind of input), :mod:`~databook.tableschema`
(validation), :mod:`~databook.bibtex` (the bibliography), :mod:`~databook.facts` (facts, claims
and their provenance), :mod:`~databook.notebooks`, :mod:`~databook.cache`, :mod:`~databook.plan`,
:mod:`~databook.execute`, :mod:`~databook.prose`, :mod:`~databook.stage`, :mod:`~databook.sphinx`,
:mod:`~databook.publish`, :mod:`~databook.report`, :mod:`~databook.snapshots`, :mod:`~databook.dist`,
:mod:`~databook.version`, :mod:`~databook.history`, :mod:`~databook.dictionary`, and
:mod:`~databook.sphinxext` (the roles chapters use); :mod:`~databook.build` orchestrates them.
"""

__version__ = "0.2.0"
