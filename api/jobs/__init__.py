"""Running solve jobs: the state machine in the database, and the runners that execute it."""
