"""Consultations of the households: the households of each building, elevator additions (加装电梯)
with each household's consent under Civil Code art. 278, and surveys that let households choose
between renovation options."""
