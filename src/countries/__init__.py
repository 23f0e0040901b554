"""The countries service: REST Countries synced into a relational database, served over REST."""
