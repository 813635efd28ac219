"""Clinic systems asking for patient education by code: HL7 Infobutton and CDS Hooks.

See docs/clinic-systems.md. Routes in `urls`, views in `views`; the work in `infobutton`,
`cds_hooks` (with `cds_auth` and `keys` for the EHR's signed JWTs) and `matching`.
"""
