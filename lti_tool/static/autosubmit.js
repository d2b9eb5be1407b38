// Post the signed deep-linking response back to the LMS without a click.
document.getElementById("autosubmit").submit();
