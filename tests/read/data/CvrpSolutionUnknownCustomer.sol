Route #1: 1 2
Route #2: 7
Cost 24
