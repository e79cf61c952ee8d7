"""Files staff attach to a case (scans of applications and documents): stored with the case,
checked for size and type, referred to from form data by their id."""
