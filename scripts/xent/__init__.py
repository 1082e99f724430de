"""Numerics of the cross-entropy reference: a sigmoid neuron, costs and losses, information
theory, the experiments.  Pure functions, no plotting; natural logarithms (nats) unless said."""
