package demo

// Russian vocabulary. Nouns are nominative|genitive|accusative|
// prepositional|gender; adjectives are masculine|feminine|neuter.
var russian = langData{
	code:    "rus",
	genders: "mfn",
	nouns: `книга|книги|книгу|книге|f
библиотека|библиотеки|библиотеку|библиотеке|f
кошка|кошки|кошку|кошке|f
собака|собаки|собаку|собаке|f
море|моря|море|море|n
дом|дома|дом|доме|m
ночь|ночи|ночь|ночи|f
день|дня|день|дне|m
лето|лета|лето|лете|n
зима|зимы|зиму|зиме|f
лес|леса|лес|лесе|m
озеро|озера|озеро|озере|n
остров|острова|остров|острове|m
река|реки|реку|реке|f
ветер|ветра|ветер|ветре|m
снег|снега|снег|снеге|m
звезда|звезды|звезду|звезде|f
луна|луны|луну|луне|f
сердце|сердца|сердце|сердце|n
память|памяти|память|памяти|f
птица|птицы|птицу|птице|f
лиса|лисы|лису|лисе|f
медведь|медведя|медведя|медведе|m
волк|волка|волка|волке|m
сад|сада|сад|саде|m
дорога|дороги|дорогу|дороге|f
город|города|город|городе|m
окно|окна|окно|окне|n
ключ|ключа|ключ|ключе|m
зеркало|зеркала|зеркало|зеркале|n
корабль|корабля|корабль|корабле|m
поезд|поезда|поезд|поезде|m
война|войны|войну|войне|f
друг|друга|друга|друге|m
сестра|сестры|сестру|сестре|f
брат|брата|брата|брате|m
мать|матери|мать|матери|f
дочь|дочери|дочь|дочери|f
царь|царя|царя|царе|m
тайна|тайны|тайну|тайне|f
тень|тени|тень|тени|f
свет|света|свет|свете|m
песня|песни|песню|песне|f
письмо|письма|письмо|письме|n
берег|берега|берег|береге|m
маяк|маяка|маяк|маяке|m
огонь|огня|огонь|огне|m
лёд|льда|лёд|льде|m
время|времени|время|времени|n
жизнь|жизни|жизнь|жизни|f
любовь|любви|любовь|любви|f
солдат|солдата|солдата|солдате|m
путешествие|путешествия|путешествие|путешествии|n
мир|мира|мир|мире|m
женщина|женщины|женщину|женщине|f
семья|семьи|семью|семье|f
учитель|учителя|учителя|учителе|m
доктор|доктора|доктора|докторе|m
сосед|соседа|соседа|соседе|m
невеста|невесты|невесту|невесте|f
церковь|церкви|церковь|церкви|f
замок|замка|замок|замке|m
башня|башни|башню|башне|f
мост|моста|мост|мосте|m
гавань|гавани|гавань|гавани|f
станция|станции|станцию|станции|f
буря|бури|бурю|буре|f
туман|тумана|туман|тумане|m
утро|утра|утро|утре|n
вечер|вечера|вечер|вечере|m
обещание|обещания|обещание|обещании|n
надежда|надежды|надежду|надежде|f
правда|правды|правду|правде|f
загадка|загадки|загадку|загадке|f
клад|клада|клад|кладе|m
меч|меча|меч|мече|m
кольцо|кольца|кольцо|кольце|n
корона|короны|корону|короне|f
сова|совы|сову|сове|f
лебедь|лебедя|лебедя|лебеде|m
свеча|свечи|свечу|свече|f
кукла|куклы|куклу|кукле|f
дневник|дневника|дневник|дневнике|m
портрет|портрета|портрет|портрете|m
мельница|мельницы|мельницу|мельнице|f`,
	adjs: `красный|красная|красное
синий|синяя|синее
белый|белая|белое
чёрный|чёрная|чёрное
золотой|золотая|золотое
маленький|маленькая|маленькое
старый|старая|старое
новый|новая|новое
последний|последняя|последнее
первый|первая|первое
тихий|тихая|тихое
тёмный|тёмная|тёмное
холодный|холодная|холодное
тайный|тайная|тайное
забытый|забытая|забытое
красивый|красивая|красивое
дикий|дикая|дикое
одинокий|одинокая|одинокое
странный|странная|странное
долгий|долгая|долгое`,
	places: `Москва|Москвы|Москве
Петербург|Петербурга|Петербурге
Хельсинки|Хельсинки|Хельсинки
Сибирь|Сибири|Сибири
Крым|Крыма|Крыму
Карелия|Карелии|Карелии
Волга|Волги|Волге
Париж|Парижа|Париже`,
	titles: []string{
		"{N0}", "{a} {N0}", "{N0} и {M0}", "{N0} {o} {M3}", "{N0} {M1}", "В поисках {N1}",
		"Про {N2}", "{N0} в {P2}", "{a} {N0} {M1}",
		"{F} и {N0}", "{a} {N0} в {P2}", "{F} в {P2}", "{N0} без {M1}", "Про {N2} и {M2}",
	},
	subtitles: []string{"роман", "роман", "повесть", "рассказы", "стихи"},
	summaries: []string{
		"Трогательная история о {N3} и {M3}.",
		"Действие происходит в {P2}, где всё не так, как кажется.",
		"Роман о любви, памяти и {N3}.",
		"Увлекательное приключение. Продолжение известной серии.",
	},
	lasts: `Иванов|Иванова Смирнов|Смирнова Кузнецов|Кузнецова Попов|Попова Васильев|Васильева
Петров|Петрова Соколов|Соколова Михайлов|Михайлова Новиков|Новикова Фёдоров|Фёдорова Морозов|Морозова
Волков|Волкова Алексеев|Алексеева Лебедев|Лебедева Семёнов|Семёнова Егоров|Егорова Павлов|Павлова
Козлов|Козлова Степанов|Степанова Николаев|Николаева Орлов|Орлова Андреев|Андреева Макаров|Макарова
Никитин|Никитина Захаров|Захарова`,
	firsts: `Сергей Александр Дмитрий Андрей Алексей Михаил Иван Николай Владимир Павел Юрий Олег
Анна|f Мария|f Елена|f Ольга|f Наталья|f Татьяна|f Ирина|f Екатерина|f Светлана|f Людмила|f Анастасия|f Марина|f`,
	subjects: []string{"кошки", "собаки", "война", "любовь", "история", "кулинария", "семья", "дружба",
		"природа", "море", "путешествия", "Москва", "Россия", "детство", "одиночество", "здоровье", "спорт",
		"музыка", "искусство", "психология", "школа", "космос", "животные", "биографии", "политика", "библиотеки"},
	genres: []string{"романы", "романы", "детективы", "фэнтези", "триллеры", "научная фантастика",
		"исторические романы", "поэзия", "рассказы"},
	childGenres: []string{"сказки", "детские книги", "комиксы"},
	publishers:  []string{"Эксмо", "АСТ", "Азбука", "Махаон", "Росмэн", "Corpus", "Альпина", "Самокат"},
	isbn:        []string{"9785"},
}

// The smaller languages use ready noun phrases (form 0: as a subject,
// form 1: as a genitive or definite form), and Finnish subject headings,
// as Finnish libraries catalogue them.
var minorLanguages = []langData{
	{
		code: "est",
		nouns: `raamat|raamatu
meri|mere
öö|öö
suvi|suve
talv|talve
mets|metsa
saar|saare
tuul|tuule
täht|tähe
süda|südame
mälestus|mälestuse
kass|kassi
koer|koera
maja|maja
linn|linna
tee|tee
sõda|sõja
armastus|armastuse
aeg|aja
elu|elu`,
		titles:     []string{"{N0}", "{N1} {M0}", "{N0} ja {M0}", "{N1} {M0} {P0}"},
		places:     "Tallinnas\nTartus\nSaaremaal\nHelsingis",
		subtitles:  []string{"romaan", "jutud"},
		summaries:  []string{"Lugu {N1} ja {M1} sõprusest."},
		lasts:      "Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Koppel Oja Lepik Kuusk Karu Kivi",
		firsts:     "Mari Kadri Liis Kristiina Tiina Piret Jaan Toomas Andres Mart Rein Urmas Kalev Tõnu Eha",
		publishers: []string{"Varrak", "Tänapäev", "Eesti Raamat", "Pegasus"},
		isbn:       []string{"9789949", "9789985"},
	},
	{
		code: "ger",
		nouns: `das Buch|des Buches
die Bibliothek|der Bibliothek
das Meer|des Meeres
die Nacht|der Nacht
der Sommer|des Sommers
der Winter|des Winters
der Wald|des Waldes
die Insel|der Insel
der Wind|des Windes
der Stern|des Sternes
das Herz|des Herzens
die Erinnerung|der Erinnerung
die Katze|der Katze
der Hund|des Hundes
das Haus|des Hauses
die Stadt|der Stadt
der Krieg|des Krieges
die Liebe|der Liebe
die Zeit|der Zeit
das Leben|des Lebens`,
		titles:     []string{"{N0}", "{N0} {M1}", "{N0} und {M0}", "{N0} in {P0}"},
		places:     "Berlin\nWien\nHamburg\nHelsinki",
		subtitles:  []string{"Roman", "Erzählungen"},
		summaries:  []string{"Eine Geschichte über {N0} und {M0}."},
		lasts:      "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter Klein Wolf Neumann",
		firsts:     "Anna Lena Julia Katharina Sabine Ursula Hans Klaus Peter Jürgen Stefan Thomas Michael Wolfgang Maximilian",
		publishers: []string{"Suhrkamp", "Rowohlt", "Hanser", "S. Fischer", "Diogenes", "dtv"},
		isbn:       []string{"9783"},
	},
	{
		code: "fre",
		nouns: `le livre|du livre
la bibliothèque|de la bibliothèque
la mer|de la mer
la nuit|de la nuit
l'été|de l'été
l'hiver|de l'hiver
la forêt|de la forêt
l'île|de l'île
le vent|du vent
l'étoile|de l'étoile
le cœur|du cœur
la mémoire|de la mémoire
le chat|du chat
le chien|du chien
la maison|de la maison
la ville|de la ville
la guerre|de la guerre
l'amour|de l'amour
le temps|du temps
la vie|de la vie`,
		titles:     []string{"{N0}", "{N0} {M1}", "{N0} et {M0}", "{N0} à {P0}"},
		places:     "Paris\nLyon\nMarseille\nHelsinki",
		subtitles:  []string{"roman", "nouvelles"},
		summaries:  []string{"Une histoire {N1} et {M1}."},
		lasts:      "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Simon Laurent Lefebvre Michel Garnier",
		firsts:     "Marie Camille Sophie Claire Isabelle Juliette Amélie Pierre Jean Louis Antoine Nicolas Julien François Luc",
		publishers: []string{"Gallimard", "Flammarion", "Seuil", "Albin Michel", "Grasset"},
		isbn:       []string{"9782"},
	},
	{
		code: "spa",
		nouns: `el libro|del libro
la biblioteca|de la biblioteca
el mar|del mar
la noche|de la noche
el verano|del verano
el invierno|del invierno
el bosque|del bosque
la isla|de la isla
el viento|del viento
la estrella|de la estrella
el corazón|del corazón
la memoria|de la memoria
el gato|del gato
el perro|del perro
la casa|de la casa
la ciudad|de la ciudad
la guerra|de la guerra
el amor|del amor
el tiempo|del tiempo
la vida|de la vida`,
		titles:     []string{"{N0}", "{N0} {M1}", "{N0} y {M0}", "{N0} en {P0}"},
		places:     "Madrid\nBarcelona\nBuenos Aires\nHelsinki",
		subtitles:  []string{"novela", "cuentos"},
		summaries:  []string{"Una historia {N1} y {M1}."},
		lasts:      "García Fernández González Rodríguez López Martínez Sánchez Pérez Gómez Martín Jiménez Ruiz Hernández Díaz Moreno",
		firsts:     "María Carmen Lucía Ana Isabel Laura Elena José Antonio Manuel Francisco Javier Carlos Miguel Pablo",
		publishers: []string{"Anagrama", "Alfaguara", "Planeta", "Tusquets", "Seix Barral"},
		isbn:       []string{"97884"},
	},
	{
		code: "ara",
		nouns: `كتاب|الكتاب
مكتبة|المكتبة
بحر|البحر
ليل|الليل
صيف|الصيف
شتاء|الشتاء
غابة|الغابة
جزيرة|الجزيرة
ريح|الريح
نجمة|النجمة
قلب|القلب
ذاكرة|الذاكرة
قطة|القطة
بيت|البيت
مدينة|المدينة
حرب|الحرب
حب|الحب
زمن|الزمن
حياة|الحياة`,
		titles:     []string{"{N1}", "{N0} {M1}", "{N1} و{M1}"},
		places:     "القاهرة\nبيروت\nبغداد\nهلسنكي",
		subtitles:  []string{"رواية", "قصص"},
		summaries:  []string{"قصة عن {N1} و{M1}."},
		lasts:      "al-Khalil Haddad Mansour Nasser Saleh Hassan Ibrahim Khoury Aziz Yousef Abdallah Darwish Habib Karim Farah",
		firsts:     "Ahmed Mohammed Omar Khaled Youssef Ali Samir Fatima Layla Mariam Nour Huda Salma Rania Amal",
		publishers: []string{"Dar al-Saqi", "Dar al-Adab", "Arab Scientific Publishers"},
		isbn:       []string{"9789953", "9789777"},
	},
	{
		code: "som",
		nouns: `buug|buugga
maktabad|maktabadda
bad|badda
habeen|habeenka
xiddig|xiddigta
qalbi|qalbiga
xusuus|xusuusta
bisad|bisadda
guri|guriga
magaalo|magaalada
dagaal|dagaalka
jacayl|jacaylka
waqti|waqtiga
nolol|nolosha
geel|geela`,
		titles:     []string{"{N1}", "{N1} iyo {M1}", "{N0} {M0}"},
		places:     "Muqdisho\nHargeysa\nHelsinki",
		subtitles:  []string{"sheeko", "gabayo"},
		summaries:  []string{"Sheeko ku saabsan {N1} iyo {M1}."},
		lasts:      "Ahmed Mohamed Hassan Ali Abdi Warsame Farah Jama Osman Omar Yusuf Nur Hirsi Aden Dirie",
		firsts:     "Hodan Amina Faadumo Sahra Ifrah Khadra Nimco Hawa Abdirahman Said Ismail Mahad Liban Cabdi Bashir",
		publishers: []string{"Looh Press", "Ponte Invisibile", "Scansom Publishers"},
		isbn:       []string{"9781"},
	},
}
