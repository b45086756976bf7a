def posted(request):
    """The form data of a POST, else None.

    Not ``request.POST or None``: an empty POST is falsy, and the form would then
    stay unbound and show no errors instead of refusing the empty submission.
    """
    return request.POST if request.method == "POST" else None


def posted_files(request):
    return request.FILES if request.method == "POST" else None
