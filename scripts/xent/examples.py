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

# --- chapter 3 (second edition) ----------------------------------------------------------
SOFTMAX_SE_LOGITS = (0.0, 5.0, 0.0)  # squared error on softmax: saturated on the wrong class 1 ...
SOFTMAX_SE_TARGET = (1.0, 0.0, 0.0)  # ... when the true class is 0
IMBALANCE_PI = 0.1  # class imbalance: 10 % positives ...
IMBALANCE_POS_WEIGHT = (1 - IMBALANCE_PI) / IMBALANCE_PI  # ... and the usual weight, negatives / positives
DOUBLE_SOFTMAX_LOGITS = (0.0, 5.0, 0.0)  # pitfalls: a softmax applied twice ...
DOUBLE_SOFTMAX_TARGET = 1  # ... on a confident, correct example (the text also takes class 0)
POS_WEIGHT_OUTPUT = 0.8  # exercise 3.5: an output of a model trained with pos_weight = IMBALANCE_POS_WEIGHT
TEMPERATURE = 2.0  # exercise 3.6: the temperature applied to the worked example's logits
DOUBLE_SOFTMAX_K = 10  # exercise 3.7: the number of classes whose double-softmax floor is evaluated
TEMPERATURE_SWAP_LOGITS = (3.0, 2.5, -3.0)  # calibration: a second example whose p_0 is below the worked
# example's at T = 1 and above it at T = TEMPERATURE (temperature scaling reorders examples when K > 2)

# --- chapter 3: the frameworks tables (scripts/frameworks/run.py) ----------------------------
SOFTMAX_LOGITS = (2.0, 1.0, 0.1)  # the worked example's logits (= figures/fig_softmax_example.LOGITS) ...
SOFTMAX_TRUE_CLASS = 0  # ... and its correct class
FW_LOGITS = ((2.0, 1.0, 0.1), (0.5, 2.0, -1.0), (0.0, 0.0, 3.0))  # a batch: the worked example + two
FW_TARGETS = (0, 2, 1)  # its class indices
FW_CLASS_WEIGHTS = (0.2, 1.0, 3.0)  # class weights: sum over the batch's targets 4.2, not n = 3
FW_IGNORE_INDEX = -100  # PyTorch's default ignore_index; the last example gets it in the ignore_index case
FW_SOFT_TARGET = (0.5, 0.5, 0.0)  # a normalised multi-hot target ("cat and dog") for the worked example
FW_SATURATED = ((-30.0, 1.0), (17.0, 0.0), (40.0, 0.0))  # BCELoss on σ(z): (z, y) where its gradient fails

# --- chapter 5 (second edition) ----------------------------------------------------------
# error rate vs cross-entropy: two models on two examples of a 3-class problem (true class 0 twice)
ERROR_RATE_TARGETS = (0, 0)
ERROR_RATE_MODELS = {
    "A": ((0.4, 0.3, 0.3), (0.4, 0.3, 0.3)),  # always right, never confident
    "B": ((0.98, 0.01, 0.01), (0.45, 0.5, 0.05)),  # very sure once, narrowly wrong once
}
UNIFORM_CLASSES = 10  # a model that gives each of 10 classes the same probability
GAUSSIAN_KL_PAIR = ((0.0, 1.0), (1.0, 2.0))  # (mu, sigma) of p and of q
JOINT_XY = ((0.4, 0.1), (0.1, 0.4))  # joint table p(x, y) of a binary feature X and label Y
