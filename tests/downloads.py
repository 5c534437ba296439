"""What a client gets from a page or a download: the response and its whole body, streamed or not."""


def download(client, path, **params):
    response = client.get(path, params)
    assert response.status_code == 200, (path, response.status_code)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return response, content
