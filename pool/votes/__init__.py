"""民主推荐 and 民主测评 online: rounds, one-time codes, anonymous ballots, paper
ballots entered twice, results and their Word documents."""
