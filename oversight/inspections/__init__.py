"""District inspections (督导): the inspection group's visit, the figures it read, its
requirements (each a problem in the one register) and the street's answer."""
