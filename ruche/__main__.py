from ruche.cli import main

main()
