"""The inputs of the article's worked examples: the numbers the prose starts from.

The pages quote these inputs and the results the project's code computes from them;
``tests/test_prose_numbers.py`` registers each printed number with the code that computes it,
reading the inputs from here (or from the figure scripts, for numbers about a figure).
"""

from __future__ import annotations

# --- chapter 2 -------------------------------------------------------------------------
SWEEP_ETA = 0.05  # the learning rate at which the text reads the η × start sweep
SOFT_TARGET = 0.3  # the soft target y of the example and exercise 2.1

# --- chapter 3 -------------------------------------------------------------------------
LABEL_SMOOTHING = 0.1  # label smoothing ε of the worked example (Szegedy et al. 2016 used 0.1)
ML_LOGITS = ((2.0, 0.0, -1.0), (-2.0, -1.0, 3.0))  # multi-label example: (cat, dog, car), two samples
ML_TARGETS = ((1.0, 1.0, 0.0), (0.0, 0.0, 1.0))
BIG_LOGITS = (1000.0, 999.0, 998.0)  # the log-sum-exp example

# --- chapter 5 -------------------------------------------------------------------------
RAIN = (0.9, 0.1)  # rain / no rain: the self-information example
P_EX, Q_EX = (0.5, 0.5), (0.9, 0.1)  # the asymmetry and decomposition example
A_EX, B_EX, C_EX = (0.9, 0.1), (0.5, 0.5), (0.1, 0.9)  # the triangle-inequality example
RARE = 0.001  # the probability given to an outcome that happens (over-fitting section)
