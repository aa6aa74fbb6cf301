"""A resident's request to see, correct or erase what is held about them (PIPL art. 44-47)."""
