# Django finds template tag libraries only in an installed app's templatetags package.
