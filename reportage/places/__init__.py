"""Places: the offline gazetteer (gazetteer.py), toponym resolution (resolve.py), and their data (data/).

``locate_places(parsed, table)`` gives a document's places; docs/places.md explains the rules and figures.
"""
