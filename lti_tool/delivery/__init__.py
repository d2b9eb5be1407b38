"""Delivering exams to employees: start or resume, save answers, submit, show the result."""
