"""A stock django-formtools wizard of TwitchGuide's questions, served beside it by ``make bench``."""
