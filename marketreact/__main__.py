import sys

from marketreact.cli import main

sys.exit(main())
