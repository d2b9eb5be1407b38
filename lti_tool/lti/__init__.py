"""LTI 1.3 Advantage: registration, OIDC login, launch, deep linking, AGS and NRPS."""
