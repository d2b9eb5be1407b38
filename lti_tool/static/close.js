// LTI Dynamic Registration: tell the LMS the registration is complete.
(window.opener || window.parent).postMessage({ subject: "org.imsglobal.lti.close" }, "*");
