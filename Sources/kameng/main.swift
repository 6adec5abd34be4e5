print("kameng")
