"""LRMX: the XML exchange file of the national cadre system (中组部干部任免审批表软件).

``document`` reads and writes the file (bytes <-> ``Person``, no ORM), ``resume``
turns the 简历 text into periods and back, ``education`` maps 学历/学位 both ways,
``source`` makes a .lrmx file, a .zip or a folder of them into import rows,
``importer`` is the import kind ``lrmx``, ``export`` builds files from cadres.
"""
