"""Training: the documented cases as exercises, their reference assessments, and comparing
assessments with them."""
