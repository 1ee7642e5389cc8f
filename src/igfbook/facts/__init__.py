"""The facts of each chapter: one module per chapter, each with a tested ``facts(t)``.

``facts(t)`` returns a :class:`databook.facts.FactSet`: every number and claim the chapter's
prose uses, each with the table cells it came from. The other functions of a module return the
tables and figures the chapter shows. A chapter's hidden cell is::

    from igfbook.facts import sarcoma
    t = sarcoma.load()
    sarcoma.facts(t).glue()
"""
