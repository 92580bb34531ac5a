"""Surveys members opt into: definitions, waves, scheduling, answers, reports and exports."""
