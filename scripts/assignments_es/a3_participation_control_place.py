"""Spanish text of assignment 3 (see scripts/spanish_assignments.py)."""
# ruff: noqa: E501  (prose: Markdown lines as the notebook shows them)

MARKDOWN = {
    "a3_intro": """# Tarea 3 · Cuándo, dónde y con quién: lugar, control y participación

Esta tarea sigue a las **lecciones 04 y 05**. La *reacción y control* funciona mejor cuando
sabe **cuándo y dónde** se concentra la violencia; sobre la visita del Medellín Lab a la
Comuna 13, el informe del Laboratorio presenta la participación de la comunidad
(*participación y empoderamiento*) como lo que da a las intervenciones "mayor durabilidad y
sostenibilidad". Usted describirá los homicidios de 2010-2019 por hora, día y lugar, medirá
qué tan concentrados están y hará el mapa de actores de un territorio.

| Parte | Tema | Puntos |
|---|---|---|
| 1 | Homicidios por tiempo y lugar; concentración | 8 (calificación automática) |
| 2 | Un mapa de actores | 3 (calificación automática) + 4 (escrita) |
| | **Total** | **15** |

{HOW_TO_WORK}""",
    "a3_setup_prompt": """## Preparación

`events`: una fila por homicidio en Medellín de 2010 a 2019, validados por la mesa de
revisión de homicidios de la ciudad (MEData / SISC, Alcaldía de Medellín, vía el paquete
*crimemappingdata*). Las columnas incluyen `year`, `weekday` (0 = lunes ... 6 = domingo),
`hour` (0-23), `longitude`, `latitude` y `territory_code` (la comuna o el corregimiento
donde cae el punto). Algunos hechos no tienen coordenadas, y por eso no tienen territorio.

`places` contiene las funciones del curso para tiempo y lugar (lección 05); puede usarlas.
`model` es el modelo integral como datos (lección 00): `model.line_ids()` da los ids de sus
diez líneas.""",
    "q1_1_prompt": """## Parte 1 · Tiempo y lugar

### Pregunta 1.1 · ¿Cuándo? (3 puntos)

1. `by_hour`: una **Series** con el número de homicidios de cada hora del día, índice 0 a 23
   en orden (una hora sin homicidios contaría 0).
2. `night_share`: la proporción (entre 0 y 1) de todos los homicidios ocurridos entre las
   18:00 y las 05:59, es decir `hour >= 18` o `hour < 6`.
3. `weekend_share`: la proporción de todos los homicidios ocurridos en sábado o domingo
   (`weekday` 5 o 6).

Si los homicidios estuvieran repartidos de manera uniforme, `night_share` sería
12/24 = 0,5 y `weekend_share` 2/7 ≈ 0,29.""",
    "q1_2_prompt": """### Pregunta 1.2 · ¿Dónde? Concentración por territorio (3 puntos)

Use solo los hechos **con** territorio.

1. `by_territory`: una **Series** de homicidios por territorio, índice = los 21 códigos de
   `TERRITORIES` (un territorio sin homicidios contaría 0), ordenada de más a menos
   homicidios.
2. `top5_share`: la proporción de estos homicidios ocurrida en los 5 territorios con más
   homicidios.
3. `territories_for_half`: el menor número de territorios que juntos concentran al menos la
   mitad de estos homicidios (un `int`).

Con 21 territorios de igual peso, 5 concentrarían 5/21 ≈ 0,24 y se necesitarían 11 para la
mitad. (`places.counts_by_place`, `places.share_in_top` y `places.places_for_share` hacen
estos pasos; también puede escribirlos con pandas.)""",
    "q1_3_prompt": """### Pregunta 1.3 · ¿Dónde, con más precisión? Una cuadrícula de celdas de 500 m (2 puntos)

Las comunas son grandes. Ponga los hechos en una cuadrícula de celdas cuadradas de unos 500 m:

```python
grid = places.grid_counts(events, cell_m=500)
```

`grid` tiene una fila por celda con su número de `events` (incluidas las celdas vacías).

1. `cells_with_homicides`: cuántas celdas tienen al menos un homicidio (un `int`).
2. `cells_for_half`: el menor número de celdas que juntas concentran al menos la mitad de
   los hechos de la cuadrícula (un `int`).
3. `share_of_cells_for_half`: `cells_for_half / cells_with_homicides`.""",
    "q2_1_prompt": """## Parte 2 · Un mapa de actores

### Pregunta 2.1 · ¿Quién actúa en la Comuna 13? (3 puntos)

En el Laboratorio, la Comuna 13 se mostró a través de sus actores: la *Mesa institucional de
la zona 4* (Secretarías de Seguridad y Convivencia, Juventud, Participación, Inclusión Social
y Familia, Subsecretaría de Cultura Ciudadana, EDU, Área Metropolitana...), la escuela de hip
hop Kolacho, el grafiti, el Comité de Memoria Histórica y los propios habitantes; el informe
del Laboratorio también recuerda a la *fuerza pública* y a los grupos paramilitares de las
operaciones de 2002. Dos entidades de alcance municipal con las que el Laboratorio se reunió
el día 4 en la Secretaría de Seguridad y Convivencia, **no** en la Comuna 13, son la Policía
Nacional (su oficial a cargo de la *vigilancia por cuadrantes* en Medellín) y el SIES-M. Puede
poner esos actores de la ciudad en su mapa, como actores que llegan a la Comuna 13 desde el
nivel municipal; el informe no los muestra allí, así que dígalo en la pregunta 2.2.

Construya `actors`: una **lista de dicts**, uno por actor, cada uno exactamente con estas
claves:

| clave | valor |
|---|---|
| `"name"` | el nombre del actor (texto, cada nombre una vez) |
| `"kind"` | uno de `ACTOR_KINDS` (definidos en la celda de preparación): `"comunidad"`, `"gobierno_local"`, `"seguridad_justicia"`, `"sector_privado"`, `"academia"`, `"cooperacion"` |
| `"line"` | la línea de intervención del modelo o el eje transversal donde el actor actúa principalmente: un id de `model.line_ids()` o de `AXIS_IDS` |
| `"influence"` | 1 (baja), 2 o 3 (alta): poder sobre lo que pasa en el territorio |
| `"interest"` | 1, 2 o 3: cuánto le importan al actor la seguridad y la convivencia allí |

Su mapa necesita **al menos 8 actores**, con al menos 3 de tipo `"comunidad"`, 2 de
`"gobierno_local"` y 1 de `"seguridad_justicia"`; al menos un actor en cada etapa del modelo
(prevención, reacción, reparación) y uno en el eje `"participacion_empoderamiento"`.

Luego asigne a `key_players` la **lista ordenada de nombres** de los actores con influencia
e interés de 3.""",
    "q2_2_prompt": """### Pregunta 2.2 · Control con la comunidad (4 puntos, calificada por su docente)

La Secretaría de Seguridad le pregunta dónde y cuándo poner más patrullas de policía, y quién
debería sentarse a la mesa. En 8 a 12 oraciones (en español o en inglés), responda usando
**sus cifras** de la parte 1 y **su mapa**.

**Rúbrica (1 punto cada criterio):**

1. **Evidencia:** usa correctamente al menos dos de sus cifras (tiempo, territorio,
   cuadrícula), con lo que miden (homicidios registrados 2010-2019, no toda la violencia).
2. **Límites del control:** nombra un riesgo de concentrar el control en lugares y horas
   (desplazamiento a lugares cercanos, estigmatizar una comuna, abusos; el informe del
   Laboratorio recuerda las operaciones militares de 2002 en la Comuna 13 *"en alianza con
   grupos paramilitares"*, una historia en disputa).
3. **Participación:** con su mapa, dice qué actores comunitarios deben participar y cómo
   (diseño, seguimiento, no solo información), y por qué eso hace durar la acción.
4. **Coherencia con el modelo:** conecta la reacción y control con al menos otra línea
   (prevención, justicia, atención a víctimas) y dice quién, entre sus `key_players`, responde
   por qué.""",
    "q2_2_mg_control_participation": """### BEGIN SOLUTION
Los homicidios registrados de 2010-2019 se concentran en el tiempo y en el espacio: una gran
parte ocurrió de noche (`night_share`) y en fin de semana (`weekend_share`, por encima del
0,29 que daría un reparto uniforme), cinco territorios concentran `top5_share` de ellos, y una
fracción pequeña de las celdas de 500 m con algún homicidio concentra la mitad. Eso respalda
patrullajes focalizados en esas horas y en esas celdas, no en comunas enteras. Son solo
homicidios registrados; donde la policía ya mira más se pueden registrar más de otros delitos,
así que la cuadrícula debe revisarse cada año. El control concentrado tiene riesgos: la
violencia puede desplazarse a celdas vecinas, una comuna puede quedar estigmatizada, y la
fuerza sin control daña a la población civil, como recuerda el informe del Laboratorio sobre
las operaciones de 2002 en la Comuna 13, realizadas *"en alianza con grupos paramilitares"*,
una historia que sigue en disputa. Por eso la mesa debe incluir a los actores comunitarios
del mapa (Kolacho, los colectivos de grafiti, el Comité de Memoria Histórica, las juntas de
acción comunal) desde el diseño del plan hasta su seguimiento mensual, porque, como vio el
Laboratorio, la apropiación por la comunidad hace durar las intervenciones. El control debe
ir con prevención situacional de la EDU en las mismas celdas y con prevención social de la
Secretaría de la Juventud para los jóvenes en la noche. Entre los actores clave, la
Secretaría de Seguridad y Convivencia responde por el plan y sus datos, y la Policía Nacional
por los patrullajes y por responder las quejas sobre ellos.
### END SOLUTION""",
    "a3_end": "{END}",
}

CODE = {
    "a3_setup": [
        ("# Vocabulary of the actor map (Part 2)", "# Vocabulario del mapa de actores (parte 2)"),
        ('print(len(events), "homicides;", events["territory_code"].isna().sum(), "without a territory")',
         'print(len(events), "homicidios;", events["territory_code"].isna().sum(), "sin territorio")'),
    ],
    "q1_1_ag_time": [
        ('print(f"night: {night_share:.1%}, weekend: {weekend_share:.1%}")',
         'print(f"noche: {night_share:.1%}, fin de semana: {weekend_share:.1%}")'),
    ],
    "q1_1_ag_time_tests": [
        ("# Tests for question 1.1", "# Pruebas de la pregunta 1.1"),
        ('"by_hour should be a pandas Series."', '"by_hour debe ser una Series de pandas."'),
        ('"by_hour should have the hours 0 to 23, in order."',
         '"by_hour debe tener las horas 0 a 23, en orden."'),
        ('f"by_hour adds up to {by_hour.sum()}, but there are {len(events)} homicides.")',
         'f"by_hour suma {by_hour.sum()}, pero hay {len(events)} homicidios.")'),
        ('"Shares are proportions between 0 and 1 (not percentages).")',
         '"Las proporciones están entre 0 y 1 (no son porcentajes).")'),
        ('"Some hourly counts are wrong."', '"Algunos conteos por hora están mal."'),
        ('"night_share: count hours 18, 19, ..., 23 and 0, 1, ..., 5 (hour >= 18 or hour < 6).")',
         '"night_share: cuente las horas 18, 19, ..., 23 y 0, 1, ..., 5 (hour >= 18 o hour < 6).")'),
        ('"weekend_share: weekday 5 is Saturday, 6 is Sunday.")',
         '"weekend_share: weekday 5 es sábado, 6 es domingo.")'),
        ('print("Question 1.1: the visible tests pass.")',
         'print("Pregunta 1.1: las pruebas visibles pasan.")'),
    ],
    "q1_2_ag_territories": [
        ('print(f"top 5 territories: {top5_share:.1%}; territories for half: {territories_for_half}")',
         'print(f"5 territorios principales: {top5_share:.1%}; territorios para la mitad: "\n'
         '      f"{territories_for_half}")'),
    ],
    "q1_2_ag_territories_tests": [
        ("# Tests for question 1.2", "# Pruebas de la pregunta 1.2"),
        ('"by_territory should be a pandas Series."', '"by_territory debe ser una Series de pandas."'),
        ('"by_territory should have exactly the 21 codes of TERRITORIES as its index.")',
         '"by_territory debe tener como índice exactamente los 21 códigos de TERRITORIES.")'),
        ('"Sort by_territory from most to fewest."', '"Ordene by_territory de más a menos."'),
        ('"top5_share is a proportion, above 5/21 here."',
         '"top5_share es una proporción, aquí mayor que 5/21."'),
        ('"territories_for_half should be a whole number (an int)."',
         '"territories_for_half debe ser un número entero (un int)."'),
        ('"by_territory should count every event that has a territory, and only those.")',
         '"by_territory debe contar todos los hechos que tienen territorio, y solo esos.")'),
        ('"Some territories have the wrong count: count the events of each territory_code.")',
         '"Algunos territorios tienen un conteo equivocado: cuente los hechos de cada "\n'
         '    "territory_code.")'),
        ('"top5_share: divide by the homicides with a territory, not by all events.")',
         '"top5_share: divida por los homicidios con territorio, no por todos los hechos.")'),
        ('"territories_for_half: add up the territories from the most homicides down, and stop "\n'
         '    "as soon as they hold half of them or more.")',
         '"territories_for_half: sume los territorios de más a menos homicidios y pare en "\n'
         '    "cuanto concentren la mitad o más.")'),
        ('print("Question 1.2: the visible tests pass.")',
         'print("Pregunta 1.2: las pruebas visibles pasan.")'),
    ],
    "q1_3_ag_grid": [
        ('print(f"{cells_for_half} of {cells_with_homicides} cells hold half of the homicides "',
         'print(f"{cells_for_half} de {cells_with_homicides} celdas concentran la mitad de los "\n'
         '      "homicidios "'),
    ],
    "q1_3_ag_grid_tests": [
        ("# Tests for question 1.3", "# Pruebas de la pregunta 1.3"),
        ('"cells_with_homicides and cells_for_half should be whole numbers (ints).")',
         '"cells_with_homicides y cells_for_half deben ser números enteros (int).")'),
        ('"cells_for_half should be smaller than the number of cells with homicides.")',
         '"cells_for_half debe ser menor que el número de celdas con homicidios.")'),
        ('"share_of_cells_for_half is cells_for_half / cells_with_homicides.")',
         '"share_of_cells_for_half es cells_for_half / cells_with_homicides.")'),
        ('"Count the cells with at least one event."', '"Cuente las celdas con al menos un hecho."'),
        ('"cells_for_half: sort the cells, add up until half."',
         '"cells_for_half: ordene las celdas y sume hasta la mitad."'),
        ('print("Question 1.3: the visible tests pass.")',
         'print("Pregunta 1.3: las pruebas visibles pasan.")'),
    ],
    "q2_1_ag_actor_map_tests": [
        ("# Tests for question 2.1", "# Pruebas de la pregunta 2.1"),
        ('"actors should be a list of at least 8 dicts."',
         '"actors: una lista de al menos 8 dicts."'),
        ('f"Each actor is a dict with exactly the keys {sorted(_keys)}; check {_a!r}.")',
         'f"Cada actor es un dict exactamente con las claves {sorted(_keys)}; revise {_a!r}.")'),
        ('f"{_a[\'name\']}: kind must be one of {ACTOR_KINDS}."',
         'f"{_a[\'name\']}: kind debe ser uno de {ACTOR_KINDS}."'),
        ('f"{_a[\'name\']}: {_a[\'line\']!r} is not a line or axis id. Copy one from "\n'
         '        "model.line_ids() or AXIS_IDS (lower case, with underscores).")',
         'f"{_a[\'name\']}: {_a[\'line\']!r} no es un id de línea ni de eje. Copie uno de "\n'
         '        "model.line_ids() o de AXIS_IDS (en minúsculas, con guiones bajos).")'),
        ('f"{_a[\'name\']}: {_k} must be 1, 2 or 3.")',
         'f"{_a[\'name\']}: {_k} debe ser 1, 2 o 3.")'),
        ('"Each actor should appear once (names repeat)."',
         '"Cada actor debe aparecer una vez (hay nombres repetidos)."'),
        ('"Map at least 3 community actors (\'comunidad\')."',
         '"Incluya al menos 3 actores \'comunidad\'."'),
        ('"Map at least 2 \'gobierno_local\' actors."',
         '"Incluya al menos 2 actores \'gobierno_local\'."'),
        ('"Map at least 1 \'seguridad_justicia\' actor."',
         '"Incluya al menos 1 actor \'seguridad_justicia\'."'),
        ('f"No actor acts in the {_stage} stage of the model."',
         'f"Ningún actor actúa en la etapa {_stage} del modelo."'),
        ('"Put at least one actor on the axis \'participacion_empoderamiento\'.")',
         '"Ponga al menos un actor en el eje \'participacion_empoderamiento\'.")'),
        ('"Each actor needs a name, as text.")', '"Cada actor necesita un nombre, como texto.")'),
        ('"key_players: the sorted names of actors with influence 3 and interest 3.")',
         '"key_players: los nombres ordenados de los actores con influencia 3 e interés 3.")'),
        ('"Two actors differ only in capitals or spaces.")',
         '"Dos actores difieren solo en mayúsculas o espacios.")'),
        ('print("Question 2.1: the visible tests pass.")',
         'print("Pregunta 2.1: las pruebas visibles pasan.")'),
    ],
}
