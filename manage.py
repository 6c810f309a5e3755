#!/usr/bin/env python
from gongkai.__main__ import main

if __name__ == "__main__":
    main()
