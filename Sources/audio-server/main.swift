print("audio-server")
