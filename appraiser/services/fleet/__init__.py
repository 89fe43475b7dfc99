"""The station's side of the fleet (issue 15): enrolment with a server and sync to it."""
