print("stampede")
