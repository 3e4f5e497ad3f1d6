"""Spanish text of assignment 2 (see scripts/spanish_assignments.py)."""
# ruff: noqa: E501  (prose: Markdown lines as the notebook shows them)

MARKDOWN = {
    "a2_intro": """# Tarea 2 · ¿Funcionó? Evaluar una intervención de prevención

Esta tarea sigue a las **lecciones 02 y 03**. Las *escaleras eléctricas* de Las
Independencias, en la **Comuna 13 (San Javier)**, son una obra conocida de *prevención
situacional*. Se inauguraron el 26 de diciembre de 2011 (EFE/El Heraldo, El Espectador) y
funcionaron plenamente desde el 6 de mayo de 2012 (El Colombiano).
¿Bajaron los homicidios en la Comuna 13 gracias a ellas? Usted comparará la Comuna 13 con el
resto de la ciudad, calculará una diferencia en diferencias, la pondrá a prueba con un placebo
y dirá qué pueden mostrar las cifras y qué no.

| Parte | Tema | Puntos |
|---|---|---|
| 1 | La tendencia de la Comuna 13 frente a las demás comunas | 4 (calificación automática) |
| 2 | Diferencia en diferencias y una prueba placebo | 6 (calificación automática) |
| 3 | Interpretación | 5 (escrita) |
| | **Total** | **15** |

{HOW_TO_WORK}""",
    "a2_setup_prompt": """## Preparación

`crimes`: casos del SISC por año, conducta y territorio (Alcaldía de Medellín, vía
MEData). `population`: proyecciones de población de 2018 por territorio, grupo de edad y
sexo. El curso tiene población **solo de 2018**, así que en esta tarea la tasa de cada año
usa la población de 2018: una simplificación que debe tener en cuenta.""",
    "q1_1_prompt": """## Parte 1 · La tendencia

### Pregunta 1.1 · La Comuna 13 frente a las demás comunas (3 puntos)

Construya `trend`, un **DataFrame** indexado por año (2003 a 2023) con tres columnas:

| columna | significado |
|---|---|
| `comuna_13` | homicidios en la Comuna 13 por 100.000 habitantes (población de 2018) |
| `comparison` | homicidios de las otras 15 comunas **en conjunto** por 100.000 habitantes de esas 15 comunas: total de homicidios dividido por la población total (no el promedio de 15 tasas) |
| `ratio` | `comuna_13 / comparison` |

Use `data.rate(cases, population)`. Puede redondear las dos tasas a 1 decimal o más;
calcule `ratio` con las tasas que conserve. Solo homicidios (`"Homicidio"`), solo las comunas
de `COMUNAS` (ni los corregimientos ni `"SIN DATO"`).""",
    "q1_2_prompt": """### Pregunta 1.2 · ¿Cuándo estuvo la Comuna 13 muy por encima del resto? (1 punto)

Asigne a `years_above_twice` la **lista** de años (enteros, en orden creciente) en que la
tasa de la Comuna 13 fue al menos el doble de la tasa de comparación (`ratio >= 2`).

Mírelos antes de seguir: ¿esos años fueron antes o después de las escaleras?""",
    "q2_1_prompt": """## Parte 2 · Diferencia en diferencias

Una comparación antes-después en la Comuna 13 sola mezcla el efecto de las escaleras con
todo lo demás que cambió en la ciudad al mismo tiempo. Una **diferencia en diferencias**
(DiD, por su sigla en inglés) resta el cambio de un grupo de comparación:

$$\\text{DiD} = (\\bar T_{post} - \\bar T_{pre}) - (\\bar C_{post} - \\bar C_{pre})$$

donde $\\bar T$ y $\\bar C$ son las tasas anuales promedio del territorio intervenido y de la
comparación en los años de cada periodo. Estima un efecto solo si, sin la intervención,
ambos habrían seguido **tendencias paralelas**.

### Pregunta 2.1 · Una función de DiD (4 puntos)

1. Escriba una función `did(trend, pre, post)` que reciba una tabla como `trend` (columnas
   `comuna_13` y `comparison`) y dos listas (o rangos) de años, y devuelva un **dict** con
   las claves `"treated_pre"`, `"treated_post"`, `"comparison_pre"`, `"comparison_post"`
   (los cuatro promedios) y `"estimate"` (la DiD).
2. Aplíquela a las escaleras: `escalators = did(trend, pre=range(2008, 2012),
   post=range(2012, 2016))` (cuatro años antes de 2012, cuatro años desde 2012).
3. Asigne a `before_after` el cambio en la Comuna 13 sola:
   `treated_post - treated_pre`.""",
    "q2_2_prompt": """### Pregunta 2.2 · Una prueba placebo (2 puntos)

Si las tendencias eran paralelas antes de 2012, una DiD para una intervención "falsa"
*anterior* a la real debería dar cerca de cero. Suponga que las escaleras se abrieron en 2010:

1. `placebo = did(trend, pre=range(2008, 2010), post=range(2010, 2012))`
2. Asigne a `parallel_trends_plausible` el valor `True` si la estimación placebo es pequeña
   (menos de 5 homicidios por 100.000 en valor absoluto), y `False` si no.""",
    "q3_prompt": """## Parte 3 · Interpretación

### Pregunta 3 · ¿Qué puede decir de las escaleras? (5 puntos, calificada por su docente)

La Alcaldía le pide un párrafo para su informe: *"las escaleras redujeron los homicidios en
la Comuna 13 en X"*. Escriba lo que enviaría en su lugar (8 a 12 oraciones, en español o en
inglés). Use sus cifras: `escalators`, `before_after`, `placebo`, `trend`.

Otros hechos en la Comuna 13 en los mismos años (`cases.timeline("comuna_13")`): el Parque
Biblioteca San Javier abrió el 31 de diciembre de 2006 (El Tiempo); la Línea J del Metrocable
abrió en 2008 (El Tiempo); la escuela de hip hop empezó en 2010, después de que el rapero
Kolacho fuera asesinado en 2009 (Casa Kolacho; ¡Pacifista!); y en la tabla del SISC la ciudad
en su conjunto tuvo un repunte de homicidios en 2009-2011.

**Rúbrica (1 punto cada criterio):**

1. **Cifras:** informa la estimación DiD y el cambio antes-después con sus unidades
   (homicidios por 100.000 habitantes al año) y dice por qué difieren.
2. **Supuesto:** explica las tendencias paralelas y qué dice su placebo sobre ellas
   (la Comuna 13 subía más rápido que el resto antes de 2012, así que parte de la caída
   puede ser un regreso desde un pico inusual).
3. **Otras causas:** nombra al menos otras dos cosas que cambiaron en los mismos años
   (otras intervenciones, el repunte de toda la ciudad y su final, operativos policiales, ...).
4. **Límites de los datos:** nombra al menos un límite de los datos (una comuna de unos
   140.000 habitantes para unas escaleras que sirven a un barrio; la población de 2018 usada
   para todos los años; solo casos registrados; una sola fuente).
5. **Un mejor diseño y una frase honesta:** propone cómo evaluarlo mejor (datos por barrio,
   más áreas de comparación o más años, como Cerdá et al. 2012 para el Metrocable) y termina
   con una frase que la Alcaldía podría publicar sin afirmar más de lo que muestran los
   datos.""",
    "q3_mg_interpretation": """### BEGIN SOLUTION
Entre 2008-2011 y 2012-2015 la tasa de homicidios de la Comuna 13 cayó mucho (vea
`before_after`, en homicidios por 100.000 habitantes al año), pero también cayó en las demás
comunas, así que la diferencia en diferencias (`escalators["estimate"]`) es menor que el
cambio antes-después: parte de la caída fue de toda la ciudad. Una DiD estima un efecto solo
si la Comuna 13 y las demás comunas se habrían movido en paralelo sin las escaleras. El
placebo dice que no fue así: suponer que la intervención ocurrió en 2010 da un "efecto"
positivo grande, porque la Comuna 13 subía mucho más rápido que el resto en 2008-2011 (su
razón frente a las demás comunas superó 2 en 2010-2013). Después de un pico así, se espera
una caída aun sin intervención. Muchas otras cosas cambiaron en los mismos años: terminó el
repunte de 2009-2011 en toda la ciudad, la Línea J del Metrocable (2008) y el Parque
Biblioteca (2006) ya funcionaban, y programas sociales como la escuela de hip hop empezaron
en 2010. Los datos también son gruesos: las escaleras sirven a un barrio, pero la tasa es de
toda la comuna, de unos 140.000 habitantes; usé la población de 2018 para todos los años; son
casos registrados de una sola fuente (SISC). Una mejor evaluación usaría datos por barrio
alrededor de las escaleras y varias áreas de comparación con tendencias previas parecidas,
durante más años, como hicieron Cerdá et al. (2012) para el Metrocable. Una frase que la
Alcaldía podría publicar: "Los homicidios en la Comuna 13 cayeron con fuerza después de 2012,
como en el resto de la ciudad; con los datos disponibles no podemos atribuir a las escaleras
una parte concreta de esa caída."
### END SOLUTION""",
    "a2_end": "{END}",
}

CODE = {
    "a2_setup": [
        ('# "01" ... "16": the 16 urban comunas', '# "01" ... "16": las 16 comunas urbanas'),
        ("# Comuna 13, San Javier", "# Comuna 13, San Javier"),
        ("# the comparison: the other 15 comunas", "# la comparación: las otras 15 comunas"),
    ],
    "q1_1_ag_trend_tests": [
        ("# Tests for question 1.1", "# Pruebas de la pregunta 1.1"),
        ('"trend should be a DataFrame."', '"trend debe ser un DataFrame."'),
        ('f"trend lacks the column(s) {sorted(_missing)}."',
         'f"A trend le falta(n) la(s) columna(s) {sorted(_missing)}."'),
        ('"Index trend by year, 2003 to 2023 in order.")',
         '"Indexe trend por año, de 2003 a 2023 en orden.")'),
        ('"trend has missing values (NaN)."', '"trend tiene valores faltantes (NaN)."'),
        ('"Rates per 100,000 in Comuna 13 were between a few and a few hundred. "\n'
         '    "Did you divide by the population and multiply by 100,000?")',
         '"Las tasas por 100.000 en la Comuna 13 estuvieron entre unas pocas y unos cientos. "\n'
         '    "¿Dividió por la población y multiplicó por 100.000?")'),
        ('"ratio is comuna_13 divided by comparison.")',
         '"ratio es comuna_13 dividido por comparison.")'),
        ("# the exact rates, or rates rounded to 1 decimal or more",
         "# las tasas exactas, o tasas redondeadas a 1 decimal o más"),
        ('"comuna_13 is wrong in some years: Comuna 13\'s homicides divided by its 2018 "\n'
         '        "population, times 100,000.")',
         '"comuna_13 está mal en algunos años: los homicidios de la Comuna 13 divididos por "\n'
         '        "su población de 2018, por 100.000.")'),
        ('"comparison is wrong in some years: pool the 15 other comunas (their homicides "\n'
         '        "added up, divided by their populations added up).")',
         '"comparison está mal en algunos años: agrupe las otras 15 comunas (la suma de sus "\n'
         '        "homicidios dividida por la suma de sus poblaciones).")'),
        ('print("Question 1.1: the visible tests pass.")',
         'print("Pregunta 1.1: las pruebas visibles pasan.")'),
    ],
    "q1_2_ag_years_above_twice_tests": [
        ("# Tests for question 1.2", "# Pruebas de la pregunta 1.2"),
        ('"years_above_twice should be a list of years."',
         '"years_above_twice debe ser una lista de años."'),
        ('"The years should be whole numbers (ints), e.g. 2011."',
         '"Los años deben ser enteros (int), p. ej. 2011."'),
        ('"Give the years in increasing order."', '"Dé los años en orden creciente."'),
        ("# The years of your trend (question 1.1), or of the right trend: a mistake in 1.1 is not\n"
         "# counted twice here.",
         "# Los años de su trend (pregunta 1.1), o de la tendencia correcta: un error en 1.1 no se\n"
         "# cuenta dos veces aquí."),
        ('"Some years with a ratio of 2 or more are missing, or some years have a lower ratio.")',
         '"Faltan años con una razón de 2 o más, o algunos años tienen una razón menor.")'),
        ('print("Question 1.2: the visible tests pass.")',
         'print("Pregunta 1.2: las pruebas visibles pasan.")'),
    ],
    "q2_1_ag_did": [
        ('print(f"DiD estimate: {escalators[\'estimate\']:.1f} homicides per 100,000 a year; "\n'
         '      f"before-after in Comuna 13 alone: {before_after:.1f}")',
         'print(f"Estimación DiD: {escalators[\'estimate\']:.1f} homicidios por 100.000 al año; "\n'
         '      f"antes-después en la Comuna 13 sola: {before_after:.1f}")'),
    ],
    "q2_1_ag_did_tests": [
        ("# Tests for question 2.1. First on a small table you can check by hand.",
         "# Pruebas de la pregunta 2.1. Primero en una tabla pequeña que puede revisar a mano."),
        ('"did() should return a dict."', '"did() debe devolver un dict."'),
        ('f"The dict returned by did() lacks the key(s) {sorted(_missing)}."',
         'f"Al dict que devuelve did() le falta(n) la(s) clave(s) {sorted(_missing)}."'),
        ('"The four means are wrong on the small table: treated_pre should be 10, "\n'
         '    "comparison_post 6.")',
         '"Los cuatro promedios están mal en la tabla pequeña: treated_pre debería ser 10, "\n'
         '    "comparison_post 6.")'),
        ('"On the small table the treated rate falls by 6 and the comparison by 2, so the DiD "\n'
         '    f"is -6 - (-2) = -4; your did() gives {_r[\'estimate\']}. A DiD subtracts the "\n'
         '    "comparison\'s change from the treated change.")',
         '"En la tabla pequeña la tasa intervenida baja 6 y la de comparación 2, así que la DiD "\n'
         '    f"es -6 - (-2) = -4; su did() da {_r[\'estimate\']}. Una DiD resta el cambio de la "\n'
         '    "comparación del cambio del territorio intervenido.")'),
        ('"escalators should be the dict returned by did(trend, ...).")',
         '"escalators debe ser el dict que devuelve did(trend, ...).")'),
        ('"before_after is treated_post - treated_pre.")',
         '"before_after es treated_post - treated_pre.")'),
        ('"escalators: pre is 2008-2011 and post is 2012-2015.")',
         '"escalators: pre es 2008-2011 y post es 2012-2015.")'),
        ('"before_after: treated_post - treated_pre, with pre 2008-2011 and post 2012-2015.")',
         '"before_after: treated_post - treated_pre, con pre 2008-2011 y post 2012-2015.")'),
        ('print("Question 2.1: the visible tests pass.")',
         'print("Pregunta 2.1: las pruebas visibles pasan.")'),
    ],
    "q2_2_ag_placebo": [
        ('print(f"Placebo estimate: {placebo[\'estimate\']:.1f}")',
         'print(f"Estimación placebo: {placebo[\'estimate\']:.1f}")'),
    ],
    "q2_2_ag_placebo_tests": [
        ("# Tests for question 2.2", "# Pruebas de la pregunta 2.2"),
        ('"placebo should be the dict returned by did(trend, ...).")',
         '"placebo debe ser el dict que devuelve did(trend, ...).")'),
        ('"parallel_trends_plausible should be True or False.")',
         '"parallel_trends_plausible debe ser True o False.")'),
        ('"parallel_trends_plausible does not match your placebo estimate.")',
         '"parallel_trends_plausible no corresponde a su estimación placebo.")'),
        ("# The placebo applies your did() (question 2.1) to other years: a mistake inside did() is\n"
         "# not counted twice here.",
         "# El placebo aplica su did() (pregunta 2.1) a otros años: un error dentro de did() no se\n"
         "# cuenta dos veces aquí."),
        ('"placebo: pre is 2008-2009 and post is 2010-2011.")',
         '"placebo: pre es 2008-2009 y post es 2010-2011.")'),
        ('print("Question 2.2: the visible tests pass.")',
         'print("Pregunta 2.2: las pruebas visibles pasan.")'),
    ],
}
