# Forked to add payment by invoice; keeps Oscar's label.
