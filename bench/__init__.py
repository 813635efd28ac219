"""`make bench`: load tests of the serving path against bare-Django and nginx baselines."""
