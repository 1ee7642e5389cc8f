from databook.cli import main

raise SystemExit(main())
