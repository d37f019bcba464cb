"""Name pools for the synthetic tracing set (bench/tracing_data.py).

One `Community` per naming tradition: its country, script, given names by sex, family names, middle
names, pet names and places of origin. Pools are written as entries separated by ";" or new lines:

    Latin|Variant|Variant = own script ~ Nickname|Nickname * weight

The first Latin spelling is the most common one; the others are transliteration or spelling variants
met in real records. "= own script" is the name as written in the community's own script (for Latin
scripts: the form with diacritics); a name without it has no script form. "~" lists short forms and
nicknames. "* weight" gives a relative frequency; without it, frequency falls with the position in the
list (Zipf), so the first names are the common ones. In `middle_*`, the weight is a probability.
"""

try:
    from tracing_pools import Community
except ImportError:  # imported as bench.tracing_names
    from bench.tracing_pools import Community

# Data tables, one community per block, kept as written (not reformatted).
# fmt: off
COMMUNITIES = [
    Community(
        key="nepali", country="NP", script="Devanagari",
        male="""
        Ram=राम; Hari=हरि; Krishna|Krishana|Kishna=कृष्ण; Bikash|Bikas|Vikash|Bikesh=विकास~Biku;
        Suman=सुमन; Sanjay|Sanjaya=सञ्जय; Rajesh=राजेश~Raju; Suresh=सुरेश; Ramesh=रमेश; Dipak|Deepak=दीपक;
        Prakash=प्रकाश; Santosh|Santos=सन्तोष; Sagar=सागर; Anish|Aneesh=अनिश; Aayush|Ayush=आयुष;
        Bishal|Vishal|Bisal=विशाल; Nabin|Naveen|Nawin=नवीन; Sujan=सुजन; Roshan|Rosan=रोशन; Kiran=किरण;
        Binod|Vinod=विनोद; Bijay|Vijay|Bijaya=विजय; Dinesh=दिनेश; Gopal=गोपाल; Pasang|Pasanga=पासाङ;
        Nima|Neema=निमा; Dawa=दावा; Pemba=पेम्बा; Sudip|Sudeep=सुदीप; Arjun=अर्जुन; Rajan=राजन""",
        female="""
        Sita|Seeta=सीता; Gita|Geeta=गीता; Laxmi|Lakshmi|Laxmee|Lachhimi=लक्ष्मी; Sunita|Suneeta=सुनिता;
        Anita=अनिता; Sarita=सरिता; Kamala|Kamla=कमला; Radha=राधा; Maya=माया; Sabina=सबिना;
        Puja|Pooja=पूजा; Sushma|Susma=सुष्मा; Srijana|Shrijana|Sirjana=सृजना; Asmita=अस्मिता;
        Sangita|Sangeeta=सङ्गीता; Manisha|Manisa=मनिषा; Kabita|Kavita=कविता; Bimala|Vimala=विमला;
        Rita|Reeta=रीता; Pramila=प्रमिला; Anjali|Anjali=अञ्जली; Samjhana|Samjana=सम्झना;
        Nirmala=निर्मला; Kopila=कोपिला; Dolma=डोल्मा; Saraswati|Sarswati=सरस्वती; Ganga=गंगा;
        Parbati|Parvati=पार्वती""",
        family="""
        Shrestha|Shresta|Srestha|Shrestho=श्रेष्ठ; Tamang=तामाङ; Magar=मगर; Gurung=गुरुङ; Rai=राई;
        Thapa=थापा; Limbu=लिम्बु; Bishwakarma|Biswakarma|Vishwakarma|BK|B.K.=विश्वकर्मा;
        Pariyar=परियार; Sharma|Sarma=शर्मा; Adhikari|Adhikary=अधिकारी; Poudel|Paudel|Poudyal=पौडेल;
        Karki=कार्की; Khadka=खड्का; Bhattarai|Bhatarai=भट्टराई; Chaudhary|Chaudhari|Choudhary=चौधरी;
        Yadav|Yadab=यादव; Lama=लामा; Sherpa=शेर्पा; KC|K.C.=केसी; Basnet|Basnyat=बस्नेत;
        Maharjan=महर्जन; Rana=राना; Bhandari=भण्डारी; Ghimire|Ghimirey=घिमिरे; Dahal=दाहाल;
        Sunar=सुनार; Nepali=नेपाली; Tharu=थारू; Khatri=खत्री; Rijal=रिजाल; Pandey|Pande|Pandeya=पाण्डे;
        Budha=बुढा""",
        middle_male="Bahadur|Bahadoor|Bdr=बहादुर*0.35; Prasad|Prashad=प्रसाद*0.08; Kumar=कुमार*0.08",
        middle_female="Kumari=कुमारी*0.3; Maya=माया*0.05", pet_male="Kancha|Kanchha; Sano; Babu; Kale",
        pet_female="Kanchi|Kanchhi; Sani; Nani; Maiya", pet_rate=0.15,
        places="""
        Sindhupalchok|Sindhupalchowk|Sindhupalchock; Makwanpur|Makawanpur; Nuwakot; Dhading;
        Kavrepalanchok|Kavre|Kabhrepalanchok; Rautahat; Sarlahi; Morang; Sunsari; Jhapa; Kailali;
        Kanchanpur; Banke; Bardiya|Bardia; Dang; Rupandehi; Kapilvastu|Kapilbastu; Parsa;
        Dhanusha|Dhanusa; Siraha; Saptari; Gorkha; Chitwan|Chitawan; Kathmandu; Lalitpur;
        Ramechhap|Ramechap; Dolakha; Sindhuli; Okhaldhunga""",
    ),
    Community(
        key="indian", country="IN", script="Devanagari",
        male="""
        Rahul=राहुल; Amit=अमित; Ravi|Rabi=रवि; Suresh=सुरेश; Rajesh=राजेश; Sunil=सुनील; Anil=अनिल;
        Vijay|Bijay=विजय; Ajay=अजय; Sanjay=संजय; Manoj=मनोज; Deepak|Dipak=दीपक; Pankaj=पंकज;
        Vikas|Vikash|Bikash=विकास; Rohit=रोहित; Arjun=अर्जुन; Aman=अमन; Aryan=आर्यन; Raju=राजू;
        Ankit=अंकित; Mohit=मोहित; Sachin=सचिन; Akash|Aakash=आकाश; Vishal|Bishal=विशाल;
        Mohammed|Mohammad|Mohd|Muhammad|Mohamed=मोहम्मद; Imran=इमरान; Salman=सलमान; Aarav|Arav=आरव;
        Krishna=कृष्ण; Gopal=गोपाल; Shiva|Siva=शिव""",
        female="""
        Priya=प्रिया; Pooja|Puja=पूजा; Neha=नेहा; Anjali=अंजलि; Sunita=सुनीता; Anita=अनीता;
        Kavita|Kabita=कविता; Rekha=रेखा; Geeta|Gita=गीता; Seema|Sima=सीमा; Radha=राधा;
        Lakshmi|Laxmi=लक्ष्मी; Sita|Seeta=सीता; Meena|Mina=मीना; Kajal=काजल; Jyoti|Jyothi=ज्योति;
        Shivani=शिवानी; Komal=कोमल; Nisha=निशा; Riya|Ria=रिया; Divya=दिव्या; Sneha=स्नेहा;
        Aarti|Arti=आरती; Sonam=सोनम; Rani=रानी; Ayesha|Aisha=आयशा; Fatima|Fatma=फ़ातिमा;
        Khushi|Khusi=ख़ुशी""",
        family="""
        Kumar=कुमार; Singh|Sing=सिंह; Sharma=शर्मा; Yadav=यादव; Prasad=प्रसाद; Gupta=गुप्ता;
        Verma|Varma=वर्मा; Mishra|Misra=मिश्रा; Das=दास; Paswan=पासवान; Mandal|Mondal=मंडल; Ram=राम;
        Sah|Shah=साह; Thakur=ठाकुर; Chauhan=चौहान; Patel=पटेल; Jha=झा; Pandey|Pandey|Pande=पांडे;
        Tiwari|Tiwary=तिवारी; Khan=ख़ान; Ansari=अंसारी; Choudhary|Chaudhary=चौधरी; Rajput=राजपूत;
        Pal=पाल; Maurya|Mourya=मौर्य; Nishad=निषाद; Manjhi|Majhi=मांझी; Rai|Roy=राय""",
        middle_male="Kumar=कुमार*0.25", female_family="Kumari=कुमारी*3; Devi=देवी*1", female_family_rate=0.3,
        places="""
        Araria; Purnia|Purnea; Kishanganj|Kishangunj; Katihar; Sitamarhi; Madhubani; Darbhanga;
        Muzaffarpur|Muzzafarpur; Gaya; Patna; Bahraich|Baharaich; Shravasti|Sravasti; Balrampur;
        Siddharthnagar|Siddharth Nagar; Maharajganj|Mahrajganj; Gorakhpur; Murshidabad; Malda|Maldah;
        North 24 Parganas|North Twenty Four Parganas; Jalpaiguri; Cooch Behar|Koch Bihar; Dumka;
        Sahibganj|Sahebganj; Pakur""",
    ),
    Community(
        key="bangladeshi", country="BD", script="Bengali",
        male="""
        Rahim=রহিম; Karim=করিম; Abdul=আব্দুল; Rafiq|Rafik|Rofiq=রফিক; Shafiqul|Shafikul=শফিকুল;
        Aminul=আমিনুল; Rakibul|Rakibul=রাকিবুল; Saiful|Shaiful=সাইফুল; Mizanur|Mizan=মিজানুর;
        Habibur=হাবিবুর; Rasel|Russell|Rasal=রাসেল; Sohel|Shohel=সোহেল; Shakil|Sakil=শাকিল;
        Rony|Roni=রনি; Arif=আরিফ; Hasan|Hassan=হাসান; Imran=ইমরান; Sabbir|Shabbir=সাব্বির;
        Nayeem|Naim|Nayem=নাঈম; Tanvir|Tanveer=তানভীর; Riyad|Riad=রিয়াদ; Alamin|Al-Amin|Al Amin=আলামিন;
        Jewel|Juel=জুয়েল; Shuvo|Shubho|Subho=শুভ; Biplob|Biplab=বিপ্লব; Rakib=রাকিব; Sajib|Sajeeb=সজীব;
        Mahmud|Mahmood=মাহমুদ""",
        female="""
        Fatema|Fatima|Fatama=ফাতেমা; Ayesha|Aysha|Aisha=আয়েশা; Nasrin|Nasreen=নাসরিন; Taslima=তাসলিমা;
        Shirin|Sirin=শিরিন; Rehana|Rahana=রেহানা; Salma=সালমা; Jesmin|Jasmine|Josna=জেসমিন; Rupa=রুপা;
        Sumaiya|Sumaya=সুমাইয়া; Sadia=সাদিয়া; Nusrat=নুসরাত; Mim|Meem=মিম; Sharmin|Sarmin=শারমিন;
        Sultana=সুলতানা; Moriom|Mariam|Maryam=মরিয়ম; Rina|Reena=রিনা; Lipi=লিপি; Shapla|Sapla=শাপলা;
        Popy|Popi=পপি; Jannat|Jannatul=জান্নাত; Tania|Tanya=তানিয়া; Shanta|Santa=শান্তা;
        Khadija|Khadiza=খাদিজা; Rumana=রুমানা""",
        family="""
        Islam=ইসলাম; Hossain|Hossen|Hosen|Hussain|Hussein=হোসেন; Rahman|Rahaman|Rohman=রহমান;
        Ahmed|Ahmad|Ahamed=আহমেদ; Uddin|Udin=উদ্দিন; Miah|Mia|Mia=মিয়া; Alam=আলম;
        Sheikh|Shaikh|Sk|Shekh=শেখ; Chowdhury|Choudhury|Chowdhuri=চৌধুরী; Sarkar|Sarker=সরকার;
        Khan=খান; Mondal|Mandal|Mondol=মন্ডল; Das=দাস; Roy|Rai=রায়; Biswas|Bishwas=বিশ্বাস;
        Haque|Hoque|Huq|Hoq=হক; Bhuiyan|Bhuiya|Bhuyan=ভূঁইয়া; Talukder|Talukdar=তালুকদার;
        Molla|Mollah=মোল্লা; Kabir=কবির; Pramanik|Pramanick=প্রামানিক; Howlader|Hawlader=হাওলাদার;
        Sikder|Sikdar=শিকদার""",
        middle_male="Md|Md.|Mohammad|Mohammed|Muhammad|Mohd=মোহাম্মদ*0.45", middle_first=True,
        female_family="Akter|Akhter|Aktar=আক্তার*3; Khatun|Khatoon=খাতুন*2; Begum=বেগম*1",
        female_family_rate=0.45,
        places="""
        Dhaka; Chattogram|Chittagong; Cox's Bazar|Coxs Bazar|Cox Bazar; Jashore|Jessore; Satkhira;
        Khulna; Barishal|Barisal; Bogura|Bogra; Rangpur; Kurigram; Gaibandha; Sirajganj|Sirajgonj;
        Mymensingh|Maymansingh; Sylhet; Sunamganj|Sunamgonj; Narayanganj|Narayangonj; Cumilla|Comilla;
        Noakhali; Bhola; Chapai Nawabganj|Chapainawabganj; Rajshahi; Dinajpur; Kushtia; Faridpur""",
    ),
    Community(
        key="kenyan", country="KE", script="Latin", second_given_rate=0.55,
        male="""
        John~Johnnie; Peter~Pete; James~Jim; Joseph~Joe; David~Dave; Daniel~Dan; Samuel~Sam; Brian;
        Kevin; Dennis; Collins; Emmanuel~Emma; Stephen|Steven~Steve; Paul; Moses; George; Kelvin|Kelvine;
        Victor; Kamau; Otieno|Otiyeno; Odhiambo|Odiambo; Ochieng|Ochieng'|Ocheing; Kiprono; Mwangi;
        Njoroge|Njoroghe; Wafula; Barasa; Onyango|Onyango; Omondi; Kibet; Mutua; Musyoka; Wekesa; Juma;
        Baraka""",
        female="""
        Mary; Grace; Faith; Mercy; Jane; Esther; Ann|Anne; Joyce; Lucy; Sharon; Diana; Caroline|Carolyne;
        Purity; Winnie|Winny; Beatrice; Wanjiru|Wanjiro; Achieng|Achieng'|Akinyi; Atieno|Atiyeno;
        Wambui; Njeri; Nyambura; Chebet; Jepkemoi; Jeptoo; Nafula; Nekesa; Mwikali; Mumbua; Auma;
        Awino; Zawadi; Imani""",
        family="""
        Kamau; Otieno|Otiyeno; Mwangi; Ochieng|Ochieng'; Odhiambo|Odiambo; Onyango; Njoroge; Kariuki;
        Wanjiku|Wanjiko; Kiprop; Kiptoo|Kiptooh; Korir; Cheruiyot|Cheruyot; Mutua; Musyoka; Wafula;
        Wekesa; Barasa; Omondi; Owino; Maina; Kimani; Githinji|Githinj; Ndungu|Ndung'u; Waweru;
        Macharia; Chege; Rotich; Langat; Juma; Ouma; Okoth|Okoth; Nyongesa|Nyongessa""",
        places="""
        Nairobi; Mombasa; Kisumu; Nakuru; Kiambu; Machakos; Kakamega; Bungoma; Busia; Homa Bay|Homabay;
        Migori; Siaya; Kisii; Nyamira; Kericho; Bomet; Uasin Gishu|Uasin-Gishu; Turkana; Kilifi; Kwale;
        Murang'a|Muranga; Nyeri; Kirinyaga; Meru; Embu; Kitui; Makueni""",
    ),
    Community(
        key="somali_kenyan", country="KE", script="Arabic", patronymic=True,
        male="""
        Mohamed|Mohammed|Muhammad|Mohammad|Maxamed=محمد; Abdi=عبدي; Ahmed|Ahmad|Axmed=أحمد;
        Hassan|Hasan|Xasan=حسن; Ali|Cali=علي; Ibrahim|Ibraahim=إبراهيم; Omar|Umar|Cumar=عمر;
        Yusuf|Yussuf|Yusuf=يوسف; Abdullahi|Abdillahi|Cabdullahi=عبدالله; Hussein|Hussen|Xuseen=حسين;
        Osman|Othman|Cismaan=عثمان; Abdirahman|Abdulrahman|Cabdiraxmaan=عبدالرحمن;
        Abdikadir|Abdulkadir|Abdiqadir=عبدالقادر; Ismail|Ismael=إسماعيل; Farah|Faarax=فارح;
        Aden|Adan|Aadan=آدم; Mustafa|Mustaf=مصطفى; Bashir|Bashiir=بشير""",
        female="""
        Fatuma|Fatima|Faduma|Fadumo=فاطمة; Amina|Aamina=آمنة; Halima|Xaliima|Halimo=حليمة;
        Hawa|Hawo|Xaawo=حواء; Khadija|Kadija|Hadija|Khadijo=خديجة; Asha|Aisha|Caasha=عائشة;
        Zainab|Zeynab|Seynab=زينب; Maryan|Mariam|Maryam=مريم; Sahra|Zahra|Sahro=زهرة; Hodan|Hodaan;
        Fardowsa|Firdaus; Ifrah|Ifraah; Nimo; Ayan|Ayaan; Deka|Deeqa; Sagal; Hibo; Ubah|Ubax""",
        family="",
        places="Garissa; Wajir; Mandera; Isiolo; Marsabit; Nairobi; Tana River; Lamu; Mombasa; Eastleigh",
    ),
    Community(
        key="ugandan", country="UG", script="Latin", second_given_rate=0.5,
        male="""
        Joseph~Joe; Isaac; Ronald~Ron; Emmanuel~Emma; Patrick~Pato; Moses; Brian; Ivan; Henry;
        Mukasa; Ssempala|Sempala|Sempalla; Kato; Wasswa|Waswa; Okello|Okelo; Opio; Ochen; Mugisha;
        Tumusiime|Tumusime; Byaruhanga; Ssebunya|Sebunya; Lubega; Kizza|Kiza; Kigozi; Nsubuga|Nsubugga""",
        female="""
        Sarah|Sara; Prossy|Proscovia; Florence|Flora; Grace; Esther; Sharon; Doreen; Shamim; Juliet;
        Nakato; Babirye; Namukasa; Nansubuga; Nalubega; Namusoke; Akello|Akelo; Apio; Atim; Auma;
        Nabirye; Ainembabazi; Kemigisha; Ninsiima|Ninsima; Nakimera""",
        family="""
        Mukasa; Ssempijja|Sempijja; Kato; Okello|Okelo; Opio; Ochieng; Mugisha; Tumusiime|Tumusime;
        Byaruhanga; Ssebunya|Sebunya; Lubega; Kizza|Kiza; Kigozi; Nsubuga; Katende; Ssali|Sali;
        Musoke; Mugerwa; Kasozi; Wamala; Atwine; Ahimbisibwe; Turyahabwe; Odongo; Ojok; Okot""",
        places="""
        Kampala; Wakiso; Mukono; Jinja; Mbale; Tororo; Busia; Gulu; Lira; Arua; Kitgum; Pader; Moroto;
        Kotido; Napak; Masaka; Mbarara; Kabale; Kasese; Fort Portal|Fort-Portal; Hoima; Masindi; Iganga;
        Kamuli; Soroti""",
    ),
    Community(
        key="ethiopian", country="ET", script="Ethiopic", patronymic=True,
        male="""
        Abebe=አበበ; Tesfaye|Tesfay=ተስፋዬ; Getachew|Getachu=ጌታቸው; Mulugeta=ሙሉጌታ;
        Alemayehu|Alemayehou=አለማየሁ; Girma=ግርማ; Solomon|Solomun=ሰለሞን; Dawit|Dawitt=ዳዊት;
        Yohannes|Yohanes|Yohanis=ዮሐንስ; Bekele|Bekelle=በቀለ; Tadesse|Tadese=ታደሰ; Kebede=ከበደ;
        Assefa|Asefa=አሰፋ; Tsegaye|Tsegay|Segaye=ፀጋዬ; Mesfin=መስፍን; Biniam|Biniyam|Binyam=ቢንያም;
        Yonas=ዮናስ; Ermias|Ermiyas=ኤርሚያስ; Abel=አቤል; Henok|Henock=ሄኖክ; Natnael|Nathnael=ናትናኤል;
        Mohammed|Mohamed|Muhammed=መሐመድ; Ahmed=አህመድ; Kedir|Kedire=ከድር; Seid|Seyid=ሰይድ;
        Amanuel|Amanuell=አማኑኤል; Tewodros|Tewodross=ቴዎድሮስ; Hailu=ኃይሉ; Birhanu|Berhanu=ብርሃኑ;
        Dereje=ደረጄ; Fikru=ፍቅሩ; Sisay=ሲሳይ; Teshome=ተሾመ; Wolde|Welde=ወልዴ; Gebre|Gebray=ገብሬ""",
        female="""
        Almaz=አልማዝ; Tigist|Tigest=ትዕግስት; Meseret=መሰረት; Aster=አስቴር; Hiwot|Hiwet=ሕይወት;
        Selam=ሰላም; Bethlehem|Betelhem|Bethelhem=ቤተልሔም; Mekdes|Meqdes=መቅደስ; Tsion|Zion|Tsiyon=ጽዮን;
        Hana|Hanna=ሐና; Ruth|Rut=ሩት; Marta|Martha=ማርታ; Eden=ኤደን; Genet=ገነት;
        Birtukan|Birtukuan=ብርቱካን; Abeba=አበባ; Zewditu=ዘውዲቱ; Fatuma|Fatima=ፋጡማ; Amina=አሚና;
        Kidist|Kidest=ቅድስት; Liya|Lia=ሊያ; Saba=ሳባ; Netsanet=ነፃነት; Helen=ሄለን; Rahel|Rachel=ራሔል;
        Yodit|Yodith|Judith=ዮዲት; Mahlet=ማህሌት; Workinesh|Workenesh=ወርቅነሽ; Senait=ሰናይት""",
        family="",
        places="""
        Addis Ababa|Addis Abeba; Dire Dawa; Gondar|Gonder; Bahir Dar|Bahirdar; Dessie|Dese;
        Mekelle|Mekele|Makale; Adama|Nazret; Hawassa|Awassa; Jimma|Jima; Harar|Harer; Jijiga;
        Debre Markos; Debre Birhan|Debre Berhan; Shashamane|Shashemene; Arba Minch|Arbaminch;
        Wolaita Sodo|Sodo; Hosaena|Hosanna; Kombolcha; Woldia|Weldiya; Axum|Aksum""",
    ),
    Community(
        key="eritrean", country="ER", script="Ethiopic", patronymic=True,
        male="""
        Tesfay|Tesfai|Tesfaye=ተስፋይ; Yonas=ዮናስ; Filmon|Philemon=ፊልሞን; Yohannes|Yohanes=ዮሃንስ;
        Samuel=ሳሙኤል; Daniel=ዳኒኤል; Mehari|Mihari=መሓሪ; Berhane|Berhani|Birhane=ብርሃነ; Haile=ሃይለ;
        Tekle|Teklay=ተኽለ; Kidane|Kidana=ኪዳነ; Habte|Habtay=ሃብተ; Mebrahtu|Mebrahtom=መብራህቱ;
        Tesfamariam|Tesfamaryam=ተስፋማርያም; Amanuel=ኣማኑኤል; Semere|Semre=ሰመረ; Efrem|Ephrem=ኤፍሬም;
        Robel=ሮቤል; Aron|Aaron=ኣሮን; Kibrom|Kbrom=ክብሮም; Merhawi=መርሃዊ; Mussie|Musie=ሙሴ;
        Ghirmay|Girmay=ግርማይ; Biniam|Biniyam=ቢንያም; Isaias|Isayas=ኢሳያስ; Eyob|Iyob=እዮብ;
        Abraham|Abrham=ኣብርሃም; Michael|Mikael=ሚካኤል; Awet=ዓወት; Henok=ሄኖክ""",
        female="""
        Helen=ሄለን; Senait|Senayt=ሰናይት; Luwam|Luam=ሉዋም; Yordanos|Yordanus=ዮርዳኖስ; Selam=ሰላም;
        Saba=ሳባ; Rahel=ራሄል; Freweini|Frewoini|Frewaini=ፍረወይኒ; Tsega|Tsegga=ጸጋ; Meron=ሜሮን;
        Ruta|Rutha=ሩታ; Winta=ዊንታ; Hiwet|Hiwot=ሕይወት; Abrehet|Abrehet=ኣብረኸት; Mebrat=መብራት;
        Lidia|Lydia=ሊድያ; Semhar=ሰምሃር; Elsa=ኤልሳ; Feven|Fiven=ፌቨን; Delina=ደሊና; Mihret|Mehret=ምሕረት""",
        family="",
        places="""
        Asmara|Asmera; Keren; Massawa|Mitsiwa; Mendefera; Dekemhare; Adi Keyh|Adi Keih; Barentu;
        Agordat|Akordat; Assab|Aseb; Teseney|Tessenei; Senafe; Adi Quala|Adi Kwala; Ghinda|Ginda""",
    ),
    Community(
        key="yoruba_igbo", country="NG", script="Latin", second_given_rate=0.35,
        male="""
        Oluwaseun|Oluseun~Seun; Babatunde~Tunde; Adebayo~Bayo; Chukwuemeka~Emeka; Chinedu~Nedu;
        Obinna; Ikechukwu~Ike; Chidiebere~Chidi; Uchenna|Uche; Tochukwu~Tochi; Olufemi~Femi;
        Olusegun~Segun; Oluwatobi~Tobi; Ayodele~Ayo; Olumide~Mide; David; Daniel; Emmanuel; Samuel;
        Michael; Victor; Joshua; Godwin; Kelechi""",
        female="""
        Chiamaka~Amaka; Ngozi; Chioma; Adaeze~Ada; Nneka; Ifeoma~Ify; Oluwakemi~Kemi; Folake~Fola;
        Funmilayo|Funmilola~Funmi; Yetunde~Yetty; Abiodun~Abby; Oluwabukola~Bukky|Bukola;
        Titilayo~Titi; Omolara~Lara; Blessing; Precious; Favour|Favor; Mercy; Esther; Grace; Deborah;
        Joy; Chinonso; Adaobi""",
        family="""
        Adeyemi; Okafor; Okeke; Ogunleye; Adebayo; Olawale; Nwosu; Eze; Okonkwo; Adeleke; Afolabi;
        Balogun; Ogunbiyi; Nwachukwu|Nwachuku; Chukwu; Obi; Onyeka; Ojo; Adewale; Akinola; Okoro;
        Uzor; Agu; Ogbonna|Ogbona; Olatunji; Oyelaran; Ekwueme|Ekweme""",
        places="""
        Lagos; Ibadan; Abeokuta; Oshogbo|Osogbo; Ilorin; Akure; Ado-Ekiti|Ado Ekiti; Benin City;
        Onitsha; Enugu; Owerri; Aba; Umuahia; Awka; Asaba; Warri; Port Harcourt; Calabar; Uyo;
        Abakaliki; Nsukka; Ogbomosho|Ogbomoso""",
    ),
    Community(
        key="hausa", country="NG", script="Arabic",
        male="""
        Muhammad|Muhammadu|Mohammed|Mohammad=محمد; Abubakar|Abubakr|Abubakar=أبوبكر;
        Usman|Uthman|Othman=عثمان; Aliyu|Ali=علي; Ibrahim=إبراهيم; Musa=موسى; Sani; Bello;
        Yusuf|Yusufu|Yusuf=يوسف; Abdullahi|Abdallah=عبدالله; Umar|Umaru|Omar=عمر; Haruna=هارون;
        Isa|Issa=عيسى; Shehu; Lawal; Salisu; Nasiru|Nasir=ناصر; Aminu; Kabiru|Kabir=كبير;
        Bashir|Bashiru=بشير; Sadiq|Sadiku=صادق""",
        female="""
        Aisha|Aishatu|A'isha=عائشة; Fatima|Fatimah|Fatsuma=فاطمة; Hauwa|Hawa=حواء;
        Zainab|Zainabu|Zaynab=زينب; Maryam|Mariam|Maryamu=مريم; Hadiza; Amina|Aminatu=آمنة;
        Halima|Halimatu=حليمة; Khadija|Hadija=خديجة; Rukayya|Ruqayya|Rukayat=رقية; Safiya|Safiyya=صفية;
        Asma'u|Asmau=أسماء; Binta; Jamila|Jamilah=جميلة; Hafsat|Hafsa=حفصة; Zulaihat|Zulaiha=زليخة""",
        family="""
        Musa=موسى; Bello; Abubakar=أبوبكر; Ibrahim=إبراهيم; Sani; Usman|Uthman=عثمان; Aliyu=علي;
        Yusuf|Yusufu=يوسف; Abdullahi=عبدالله; Mohammed|Muhammad=محمد; Lawal; Garba; Danjuma;
        Suleiman|Sulaiman=سليمان; Umar|Umaru=عمر; Haruna=هارون; Adamu=آدم; Idris=إدريس; Shehu; Baba""",
        places="""
        Kano; Kaduna; Katsina; Sokoto; Gusau; Bauchi; Maiduguri; Zaria; Jos; Yola; Gombe; Dutse;
        Birnin Kebbi; Potiskum; Damaturu; Funtua; Minna""",
    ),
    Community(
        key="ghanaian", country="GH", script="Latin", second_given_rate=0.5,
        male="""
        Kwame|Kwamena; Kofi|Kofe; Kwaku|Kweku; Kwabena|Kobina; Kwadwo|Kojo|Kodjo; Kwasi|Kwesi|Akwasi;
        Yaw|Yao; Emmanuel~Emma; Samuel~Sammy; Isaac; Daniel; Prince; Richard; Eric; Michael; Ebenezer;
        Francis; Stephen""",
        female="""
        Ama|Amma; Afua|Efua|Afia; Akua|Ekua; Abena|Araba; Adwoa|Adjoa|Adjua; Akosua|Esi; Yaa|Aba;
        Abigail~Abi; Gifty; Comfort; Patience; Mercy; Priscilla; Esther; Joyce; Gloria; Vida; Linda""",
        family="""
        Mensah|Mensa; Boateng|Boatang; Owusu; Asante|Ashanti; Osei; Ofori; Agyei|Adjei; Appiah|Apea;
        Amoah|Amoa; Darko; Addo; Ansah|Ansa; Badu; Frimpong; Quaye|Kwaye; Tetteh|Teteh; Nkrumah;
        Acheampong|Achiampong; Opoku; Asamoah; Kyei|Kyeh; Bonsu; Danso; Yeboah|Yeboa; Quarshie;
        Annan; Amponsah; Sarpong""",
        places="""
        Accra; Kumasi; Tamale; Takoradi|Sekondi-Takoradi; Cape Coast; Tema; Koforidua; Sunyani; Ho;
        Bolgatanga|Bolga; Wa; Techiman; Obuasi; Nkawkaw; Winneba; Kasoa; Ashaiman; Tarkwa; Yendi""",
    ),
    Community(
        key="ukrainian", country="UA", script="Cyrillic",
        male="""
        Oleksandr|Olexandr|Aleksandr|Alexander=Олександр~Sasha|Sashko; Dmytro|Dmitro|Dmitry=Дмитро~Dima;
        Andrii|Andriy|Andrij|Andrey=Андрій; Serhii|Serhiy|Sergii|Sergey=Сергій~Serhiyko;
        Mykola|Mikola|Nikolai=Микола~Kolya; Volodymyr|Volodimir|Vladimir=Володимир~Volodya|Vova;
        Ivan=Іван~Vanya; Maksym|Maksim|Maxim=Максим~Max; Artem|Artyom=Артем; Bohdan|Bogdan=Богдан;
        Denys|Denis=Денис; Yurii|Yuriy|Yuri|Iurii=Юрій; Vitalii|Vitaliy=Віталій; Taras=Тарас;
        Oleh|Oleg=Олег; Vasyl|Vasil|Vasily=Василь; Petro|Pyotr=Петро~Petya;
        Mykhailo|Mykhaylo|Mikhail=Михайло~Misha; Pavlo|Pavel=Павло~Pasha; Ihor|Igor=Ігор;
        Roman=Роман~Roma; Yaroslav|Iaroslav=Ярослав~Slavik; Nazar=Назар; Kyrylo|Kirill|Kyrilo=Кирило;
        Matvii|Matviy|Matvey=Матвій; Danylo|Danilo|Danil=Данило""",
        female="""
        Olena|Elena|Alena|Olena=Олена~Lena; Oksana=Оксана; Nataliia|Natalia|Natalya=Наталія~Natasha;
        Iryna|Irina=Ірина~Ira; Tetiana|Tetyana|Tatiana=Тетяна~Tanya; Yuliia|Yulia|Iuliia=Юлія;
        Kateryna|Katerina|Ekaterina=Катерина~Katya; Anastasiia|Anastasia=Анастасія~Nastya;
        Mariia|Maria=Марія~Masha; Sofiia|Sofia|Sophia=Софія~Sonya; Anna|Hanna|Ganna=Анна~Anya;
        Viktoriia|Viktoria|Victoria=Вікторія~Vika; Daryna|Darina=Дарина~Dasha; Alina=Аліна;
        Polina=Поліна; Khrystyna|Kristina|Hrystyna=Христина; Yana|Iana=Яна;
        Valeriia|Valeria=Валерія~Lera; Svitlana|Svetlana=Світлана~Sveta; Liudmyla|Lyudmila=Людмила;
        Halyna|Galina=Галина~Galya; Veronika=Вероніка; Diana=Діана; Zlata=Злата; Solomiia|Solomiya=Соломія""",
        family="""
        Melnyk|Melnik=Мельник; Shevchenko|Shevchenco=Шевченко; Kovalenko|Kowalenko=Коваленко;
        Bondarenko=Бондаренко; Boiko|Boyko=Бойко; Tkachenko=Ткаченко; Kravchenko=Кравченко;
        Kovalchuk|Kowalczuk=Ковальчук; Koval|Kowal=Коваль; Oliinyk|Oliynyk|Oleynik=Олійник;
        Shevchuk=Шевчук; Polishchuk|Polishuk=Поліщук; Bondar=Бондар; Tkachuk=Ткачук; Marchenko=Марченко;
        Lysenko|Lisenko=Лисенко; Rudenko=Руденко; Savchenko=Савченко; Petrenko=Петренко; Moroz=Мороз;
        Kovalskyi|Kovalsky|Kovalskiy=Ковальський; Zhuravskyi|Zhuravsky=Журавський;
        Lytvynenko|Litvinenko=Литвиненко; Pavlenko=Павленко; Kuzmenko=Кузьменко; Savchuk=Савчук;
        Klymenko|Klimenko=Клименко; Ponomarenko=Пономаренко; Vasylenko|Vasilenko=Василенко;
        Levchenko=Левченко""",
        places="""
        Kyiv|Kiev|Kyyiv; Kharkiv|Kharkov; Odesa|Odessa; Dnipro|Dnepr; Zaporizhzhia|Zaporizhia|Zaporozhye;
        Lviv|Lvov; Mykolaiv|Nikolaev|Mykolayiv; Kherson; Mariupol; Donetsk; Luhansk|Lugansk; Sumy;
        Chernihiv|Chernigov; Poltava; Vinnytsia|Vinnitsa; Zhytomyr|Zhitomir; Kramatorsk;
        Sloviansk|Slavyansk; Bakhmut; Izium|Izyum; Melitopol; Berdiansk|Berdyansk; Cherkasy|Cherkassy""",
    ),
    Community(
        key="romanian", country="RO", script="Latin",
        male="""
        Andrei|Andrey; Alexandru~Alex; Ion~Ionel; Mihai|Mihail; Gheorghe|George~Gica; Constantin~Costel;
        Vasile; Nicolae~Nicu; Stefan=Ștefan; Gabriel~Gabi; Florin; Adrian; Cristian~Cristi; Daniel;
        Marius; Ionut=Ionuț; Razvan=Răzvan; Bogdan; Catalin=Cătălin; Madalin=Mădălin; Darius; David;
        Luca; Matei; Sebastian; Denis""",
        female="""
        Maria; Elena; Ioana; Andreea|Andreia; Ana; Mihaela; Alexandra~Ale; Gabriela~Gabi; Cristina;
        Nicoleta; Alina; Daniela; Bianca; Denisa; Larisa; Ionela; Florentina~Florina; Roxana;
        Georgiana; Sofia; Antonia; Raluca; Stefania=Ștefania; Madalina=Mădălina; Daria""",
        family="""
        Popescu; Popa; Pop; Radu; Ionescu; Dumitru; Stan; Stoica; Gheorghe; Matei; Ciobanu|Cioban;
        Rusu; Munteanu; Constantin; Mihai; Dinu; Lungu; Marin; Tudor; Florea; Ene; Barbu; Moldovan;
        Nistor; Lacatus=Lăcătuș; Stanescu=Stănescu; Dobre; Sarbu=Sârbu; Ursu; Toma; Dragomir""",
        places="""
        Bucuresti|Bucharest=București; Iasi=Iași; Cluj-Napoca|Cluj; Timisoara=Timișoara;
        Constanta=Constanța; Craiova; Galati=Galați; Brasov=Brașov; Ploiesti=Ploiești; Braila=Brăila;
        Bacau=Bacău; Suceava; Botosani=Botoșani; Vaslui; Calarasi=Călărași; Giurgiu; Buzau=Buzău;
        Focsani=Focșani; Piatra Neamt=Piatra Neamț; Targu Mures=Târgu Mureș; Slatina""",
    ),
    Community(
        key="moldovan", country="MD", script="Latin",
        male="""
        Ion; Vasile; Nicolae; Alexandru~Sasha; Andrei; Mihai|Mihail; Sergiu|Serghei~Serioja; Victor;
        Vladimir|Vladislav; Dumitru~Dima; Igor; Dorin; Vadim; Maxim; Artiom|Artem; Daniel; Cristian;
        Eugen|Evghenii~Jenea; Valentin; Denis; Nichita|Nikita; Ilie""",
        female="""
        Maria; Elena; Ana; Tatiana~Tania; Natalia~Natasa; Olga; Cristina; Irina; Ecaterina~Katea;
        Svetlana; Nadejda|Nadezhda~Nadea; Valentina; Ludmila|Liudmila~Lucia; Daniela; Alexandra;
        Victoria; Anastasia~Nastea; Doina; Mariana; Galina""",
        family="""
        Rusu; Ceban|Cheban; Ciobanu; Turcan=Țurcan; Cebotari|Ceboratu; Lungu; Munteanu; Rotari;
        Botnari|Botnaru; Melnic|Melnik; Sandu; Cojocari|Cojocaru; Moraru; Popa; Railean|Raileanu;
        Gutu=Guțu; Bivol; Grosu; Rosca=Roșca; Postolache; Rotaru; Bordian""",
        places="""
        Chisinau|Kishinev=Chișinău; Balti|Beltsy=Bălți; Cahul; Ungheni; Soroca; Orhei; Comrat;
        Edinet=Edineț; Hincesti=Hîncești; Causeni=Căușeni; Straseni=Strășeni; Floresti=Florești;
        Drochia; Ialoveni; Falesti=Fălești; Tiraspol; Bender|Tighina; Cimislia=Cimișlia; Leova""",
    ),
    Community(
        key="albanian", country="AL", script="Latin",
        male="""
        Arben; Besnik; Ardit; Erion; Klajdi|Klaidi; Ermal; Endrit; Fatjon; Gentian~Genti; Ilir;
        Kristi; Leonard~Leo; Luan; Marsel|Marcel; Mateo; Bledar; Driton; Redon; Elton; Arlind; Dorian;
        Aldo; Agron; Sokol; Ylli|Yll; Altin; Festim; Florian""",
        female="""
        Ana; Era; Elona; Klea; Jonida; Mirela; Anisa; Amelia; Besjana; Dorina; Elda; Enkeleda~Keda;
        Ledia; Megi; Rudina; Sara; Xhesika|Jesika|Jessica; Kejsi|Keisi; Ornela; Esmeralda; Alketa;
        Albana; Blerta; Drita; Lindita; Enxhi|Enxhie""",
        family="""
        Hoxha|Hodja|Hoxa; Shehu; Leka; Cela|Chela=Çela; Dervishi; Gjoka|Djoka; Marku; Kola; Hysa;
        Basha; Prifti; Meta; Berisha; Dushku; Lika; Mema; Muca=Muça; Xhafa|Xafa; Kastrati; Rama;
        Gashi; Hasani; Brahimi; Krasniqi|Krasnici; Gjoni; Begu; Tafa; Doci=Doçi; Sula; Zeneli""",
        places="""
        Tirane|Tirana=Tiranë; Durres|Durazzo=Durrës; Vlore|Vlora=Vlorë; Elbasan;
        Shkoder|Shkodra=Shkodër; Fier; Korce|Korca=Korçë; Berat; Lushnje=Lushnjë; Kavaje=Kavajë;
        Pogradec; Gjirokaster|Gjirokastra=Gjirokastër; Sarande|Saranda=Sarandë; Kukes=Kukës;
        Lezhe=Lezhë; Peshkopi; Kruje=Krujë; Kucove=Kuçovë; Patos""",
    ),
    Community(
        key="vietnamese", country="VN", script="Latin", family_first=True, middle_first=True,
        male="""
        An=An; Anh=Anh; Bao=Bảo; Binh=Bình; Cuong=Cường; Dung=Dũng; Duc=Đức; Hai=Hải; Hieu=Hiếu;
        Hoang=Hoàng; Hung=Hùng; Huy=Huy; Khang=Khang; Khanh=Khánh; Long=Long; Minh=Minh; Nam=Nam;
        Phuc=Phúc; Quan=Quân; Quang=Quang; Son=Sơn; Thang=Thắng; Thanh=Thành; Trung=Trung;
        Tuan=Tuấn; Viet=Việt; Vinh=Vinh; Khoi=Khôi; Phong=Phong""",
        female="""
        Anh=Anh; Chi=Chi; Dung=Dung; Giang=Giang; Ha=Hà; Hanh=Hạnh; Hang=Hằng; Hoa=Hoa; Huong=Hương;
        Huyen=Huyền; Lan=Lan; Linh=Linh; Mai=Mai; My=My; Ngoc=Ngọc; Nhung=Nhung; Nga=Nga;
        Phuong=Phương; Quynh=Quỳnh; Thao=Thảo; Thu=Thu; Thuy=Thủy; Trang=Trang; Trinh=Trinh;
        Uyen=Uyên; Van=Vân; Vy=Vy; Yen=Yến; Hong=Hồng; Nhi=Nhi""",
        family="""
        Nguyen|Ngyuen|Nguyn|Nguen=Nguyễn*38; Tran=Trần*11; Le=Lê*9.5; Pham=Phạm*7; Hoang=Hoàng*5;
        Huynh|Huinh=Huỳnh*2; Phan=Phan*4.5; Vu=Vũ*3.9; Vo=Võ*2; Dang=Đặng*2.1; Bui=Bùi*2; Do=Đỗ*1.4;
        Ho=Hồ*1.3; Ngo=Ngô*1.3; Duong|Zuong=Dương*1; Ly|Li=Lý*0.5; Dinh=Đinh*0.6; Truong=Trương*0.7""",
        middle_male="Van=Văn*0.45; Duc=Đức*0.08; Minh=Minh*0.08; Quoc=Quốc*0.05; Huu=Hữu*0.05",
        middle_female="Thi=Thị*0.5; Ngoc=Ngọc*0.1; Thu=Thu*0.05; Thanh=Thanh*0.05; Kim=Kim*0.05",
        pet_male="Be=Bé; Ti=Tí; Teo=Tèo; Bin; Cu Ti=Cu Tí", pet_female="Be=Bé; Na; Bong; Xu; Ut=Út",
        pet_rate=0.15,
        places="""
        Ha Noi|Hanoi=Hà Nội; Ho Chi Minh|Saigon|TP HCM=Hồ Chí Minh; Hai Phong|Haiphong=Hải Phòng;
        Nghe An=Nghệ An; Ha Tinh=Hà Tĩnh; Quang Binh=Quảng Bình; Thanh Hoa=Thanh Hóa; Lao Cai=Lào Cai;
        Ha Giang=Hà Giang; Dien Bien=Điện Biên; Son La=Sơn La; Cao Bang=Cao Bằng;
        Lang Son=Lạng Sơn; Quang Ninh=Quảng Ninh; Can Tho=Cần Thơ; An Giang=An Giang;
        Dong Thap=Đồng Tháp; Kien Giang=Kiên Giang; Soc Trang=Sóc Trăng; Hue=Huế""",
    ),
    Community(
        key="burmese", country="MM", script="Myanmar", syllabic=True,
        male="""
        Aung|Aong=အောင်; Kyaw=ကျော်; Min=မင်း; Htet|Htett=ထက်; Zaw=ဇော်; Thant|Thanth=သန့်;
        Naing|Nai=နိုင်; Soe|Soh=စိုး; Win|Wynn|Winn=ဝင်း; Myo|Myoe=မျိုး; Htun|Tun|Tunn=ထွန်း;
        Hlaing|Hlaig=လှိုင်; Thura=သူရ; Ye|Yea=ရဲ; Lin|Linn=လင်း; Oo|U=ဦး; Pyae|Pye=ပြည့်;
        Phyo|Pyo=ဖြိုး; Paing=ပိုင်; Hein|Hain=ဟိန်း; Thet=သက်; Nay|Ne=နေ; Zin|Zinn=ဇင်;
        Myint|Myin=မြင့်; Khant|Khan=ခန့်""",
        female="""
        Khin|Khinn=ခင်; Aye|Aey=အေး; Thida|Theda=သီတာ; Nandar|Nanda=နန္ဒာ; Su|Suu=စု; Hnin|Nhin=နှင်း;
        Ei|Eii=အိ; Phyu|Phyoo=ဖြူ; Wai|Wei=ဝေ; Yadanar|Yadana=ရတနာ; Moe|Moh=မိုး; Thiri|Thiri=သီရိ;
        San|Sann=စံ; Nwe|Nway=နွဲ့; Mya=မြ; Hla=လှ; May|Me=မေ; Thu|Thuu=သူ; Zin|Zinn=ဇင်;
        Wint|Win=ဝင့်; Yamin|Yamone=ယမင်း; Zar|Zaa=ဇာ; Chit|Chitt=ချစ်; Myint=မြင့်; Pyae=ပြည့်""",
        family="", middle_male="Maung|Mg=မောင်*0.12", middle_female="Ma=မ*0.12", middle_first=True,
        places="""
        Yangon|Rangoon; Mandalay; Mawlamyine|Moulmein; Bago|Pegu; Pathein|Bassein; Myawaddy|Myawadi;
        Hpa-An|Hpa An|Pa-an; Sittwe|Akyab; Taunggyi; Lashio; Myitkyina; Dawei|Tavoy;
        Kawthaung|Kawthoung; Tachileik|Tachilek; Monywa; Magway|Magwe; Meiktila; Pyay|Prome""",
    ),
    Community(
        key="cambodian", country="KH", script="Khmer", family_first=True,
        male="""
        Dara|Darah=ដារ៉ា; Sokha|Sokhar=សុខា; Vannak|Vanak=វណ្ណៈ; Visal|Veasal|Visall=វិសាល;
        Rithy|Rithi|Ritthy=រិទ្ធី; Piseth|Piset|Pisith=ពិសិដ្ឋ; Sovann|Sovan=សុវណ្ណ; Sophal|Sophall=សុផល;
        Kosal|Kossal=កុសល; Vuthy|Vuthi|Vutthy=វុទ្ធី; Veasna|Vesna=វាសនា; Samnang|Somnang=សំណាង;
        Chamroeun|Chamraeun|Chamroen=ចម្រើន; Bunthoeun|Bunthoen=ប៊ុនធឿន; Rotha|Rottha=រដ្ឋា;
        Narith|Nareth=ណារិទ្ធ; Sophea|Sopheap=សុភា""",
        female="""
        Sophea|Sophia=សុភា; Bopha|Bopa|Boppha=បុប្ផា; Chantha|Chanta=ចន្ថា; Kunthea|Kuntea=គន្ធា;
        Channary|Chanary|Channari=ចាន់ណារី; Sreymom|Srey Mom|Sreymon=ស្រីមុំ;
        Sreyneang|Srey Neang|Sreynang=ស្រីនាង; Sreyleak|Srey Leak=ស្រីល័ក្ខ; Thida|Theda=ធីតា;
        Rachana|Reachana=រចនា; Sothea=សុធា; Malis|Maly=ម្លិះ; Sopheap|Sopheab=សុភាព;
        Sreypov|Srey Pov=ស្រីពៅ; Sokha|Sokhar=សុខា""",
        family="""
        Sok|Sokh=សុខ; Chan|Chann=ចាន់; Kim=គីម; Heng=ហេង; Chea|Chear=ជា; Meas|Mas=មាស; Ly|Lee=លី;
        Seng=សេង; Keo|Kaev|Keu=កែវ; Prak|Prakk=ប្រាក់; Pich|Pech=ពេជ្រ; Mao|Mav=ម៉ៅ; Touch|Tuch=ទូច;
        Ouk|Ouch=អ៊ុក; Yim|Yem=យឹម; Hun|Hunn=ហ៊ុន; Long=ឡុង; Sam|Sam=សំ; Chhun|Chun=ឈុន""",
        places="""
        Phnom Penh; Battambang|Batdambang; Siem Reap|Siemreap; Banteay Meanchey|Banteay Mean Chey;
        Poipet|Paoy Paet; Kampong Cham|Kompong Cham; Kampong Thom|Kompong Thom; Prey Veng; Svay Rieng;
        Takeo|Takev; Kampot; Kandal; Pursat|Pouthisat; Kratie|Kracheh; Oddar Meanchey; Preah Vihear;
        Koh Kong|Kaoh Kong; Pailin""",
    ),
    Community(
        key="thai", country="TH", script="Thai",
        male="""
        Somchai|Somchay=สมชาย; Somsak|Somsakk=สมศักดิ์; Prasert|Prasoet=ประเสริฐ; Sompong=สมปอง;
        Anan|Arnan=อนันต์; Wichai|Vichai|Wichay=วิชัย; Surachai|Surachay=สุรชัย; Chaiwat|Chaiwatt=ชัยวัฒน์;
        Thanawat|Tanawat=ธนวัฒน์; Kittisak|Kittisakk=กิตติศักดิ์; Nattapong|Natthaphong|Nuttapong=ณัฐพงษ์;
        Suriya|Suriyah=สุริยา; Wuttichai|Wutthichai=วุฒิชัย; Teerapong|Thirapong|Theerapong=ธีระพงษ์;
        Apichat|Aphichat=อภิชาติ; Supachai|Suphachai=ศุภชัย; Weerapong|Virapong=วีระพงษ์;
        Anucha|Anuchar=อนุชา; Kritsada|Kridsada|Krisada=กฤษดา; Panuwat|Phanuwat=ภานุวัฒน์;
        Thanakorn|Tanakorn=ธนากร; Nattawut|Natthawut=ณัฐวุฒิ""",
        female="""
        Somsri|Somsee=สมศรี; Malee|Mali=มาลี; Siriporn|Siripon=ศิริพร; Supaporn|Suphaporn=สุภาพร;
        Nittaya|Nittay=นิตยา; Kanya|Kanyah=กัญญา; Pranee|Prani=ปราณี; Wanida|Vanida=วนิดา;
        Sunisa|Sunissa=สุนิสา; Jintana|Chintana=จินตนา; Rattana|Ratana=รัตนา;
        Pimchanok|Phimchanok=พิมพ์ชนก; Kanokwan|Kanokwann=กนกวรรณ; Chutima|Chootima=ชุติมา;
        Araya|Araya=อารยา; Patcharee|Phatcharee|Patchari=พัชรี; Warunee|Waruni=วารุณี;
        Duangjai|Duangchai=ดวงใจ; Natthida|Nattida=ณัฐธิดา; Onuma|Ornuma=อรอุมา;
        Sudarat|Sudarath=สุดารัตน์; Pensri|Phensri=เพ็ญศรี""",
        family="""
        Saetang|Sae-tang|Sae Tang=แซ่ตั้ง; Saelim|Sae-lim=แซ่ลิ้ม; Saelee|Sae-lee=แซ่ลี้;
        Srisawat|Srisawad=ศรีสวัสดิ์; Thongdee|Tongdee|Thongdi=ทองดี; Boonmee|Bunmi|Boonmi=บุญมี;
        Kaewkham|Keawkham|Kaeokham=แก้วคำ; Chaisri|Chaisee=ชัยศรี; Sombat|Sombut=สมบัติ;
        Suksawat|Suksawad=สุขสวัสดิ์; Phromma|Promma=พรหมมา; Kongkaew|Kongkeaw=คงแก้ว;
        Saengthong|Sangthong=แสงทอง; Wongsuwan|Wongsuwann=วงศ์สุวรรณ; Jaidee|Chaidee=ใจดี;
        Somboon|Somboun|Sombun=สมบูรณ์; Sukkasem|Sukkasam=สุขเกษม; Srisuk|Srisook|Sisuk=ศรีสุข;
        Charoensuk|Charoensook=เจริญสุข; Boonsong|Bunsong=บุญส่ง; Meechai|Michai=มีชัย;
        Thongkham|Tongkham=ทองคำ; Inkaew|Inkeaw=อินทร์แก้ว""",
        pet_male="Lek=เล็ก; Noi=น้อย; Ton=ต้น; Boy=บอย; Golf=กอล์ฟ; Beer=เบียร์; Bank=แบงค์; Game=เกม; Oat=โอ๊ต",
        pet_female="Ploy=พลอย; Fah|Fa=ฟ้า; Nok=นก; Mai=ใหม่; Som=ส้ม; Ning=หนิง; Aom=ออม; Mint=มิ้นท์; Noi=น้อย",
        pet_rate=0.6,
        places="""
        Bangkok|Krung Thep; Chiang Mai|Chiangmai; Chiang Rai|Chiangrai; Mae Sai; Mae Sot;
        Udon Thani|Udonthani; Khon Kaen|Khonkaen; Nakhon Ratchasima|Korat; Ubon Ratchathani|Ubon;
        Nong Khai|Nongkhai; Sakon Nakhon; Surin; Buriram|Buri Ram; Si Sa Ket|Sisaket; Roi Et|Roiet;
        Kalasin; Mukdahan; Tak; Kanchanaburi; Songkhla; Rayong""",
    ),
    Community(
        key="filipino", country="PH", script="Latin", second_given_rate=0.3,
        male="""
        Jose~Pepe|Joey; Juan~Johnny; John Paul~JP; Mark; John Michael~JM; Christian~Chris; Angelo~Gelo;
        Carlo; Paolo|Paulo; Joshua~Josh; Jerome; Rodel; Jomar; Ronaldo~Ronald|Ron; Francisco~Kiko|Paco;
        Emmanuel~Manny|Noel; Renato~Rene; Rogelio~Roger; Antonio~Tony|Anton; Miguel~Migs|Miggy;
        Gabriel~Gab; Nathaniel~Nathan; Jericho~Echo; Kenneth~Ken""",
        female="""
        Maria~Mia; Mary Joy~Joy; Kristine|Christine~Tin; Jennifer~Jen; Angelica~Angel; Princess;
        Rosario~Charo|Rose; Mercedes~Mercy; Lourdes~Lulu; Erlinda~Linda; Marites|Maritess; Jasmine|Jazmin;
        Nicole~Nikki; Andrea; Camille; Althea; Joanna; Rhea|Rea; Grace; Jessa; Cristina~Tina; Rowena;
        Marilou; Analyn|Annalyn""",
        family="""
        Santos; Reyes; Cruz; Bautista; Garcia; Mendoza; Torres; Tomas; Castillo; Flores; Villanueva;
        Ramos; Castro; Rivera; Aquino; Navarro; Salazar; Mercado; Dela Cruz|De la Cruz|Delacruz;
        Del Rosario|Delrosario; Gonzales|Gonzalez; Lopez; Fernandez|Fernandes; Domingo; Pascual;
        Soriano; Manalo""",
        pet_male="Jun-Jun|Junjun; Bong; Toto; Boy", pet_female="Inday; Neneng; Baby; Nene", pet_rate=0.2,
        places="""
        Manila; Quezon City; Cebu City|Cebu; Davao City|Davao; Zamboanga City|Zamboanga; Tacloban;
        Iloilo City|Iloilo; Bacolod; Cagayan de Oro|CDO; General Santos|Gensan; Samar; Leyte;
        Negros Oriental; Sulu|Jolo; Cotabato; Pampanga; Tarlac; Pangasinan; Masbate""",
    ),
]

# fmt: on
BY_KEY = {c.key: c for c in COMMUNITIES}

# The share of children and requests from each community, per profile: the heldout set moves weight
# towards Southeast Asia and East Africa, where swaps, script-only and syllabic names are frequent.
# fmt: off
MIX = {
    "development": {
        "nepali": 10, "indian": 8, "bangladeshi": 8, "kenyan": 8, "somali_kenyan": 4, "ugandan": 5,
        "ethiopian": 5, "eritrean": 4, "yoruba_igbo": 5, "hausa": 4, "ghanaian": 4, "ukrainian": 7,
        "romanian": 5, "moldovan": 3, "albanian": 3, "vietnamese": 5, "burmese": 3, "cambodian": 3,
        "thai": 3, "filipino": 4,
    },
    "heldout": {
        "nepali": 6, "indian": 5, "bangladeshi": 6, "kenyan": 6, "somali_kenyan": 6, "ugandan": 6,
        "ethiopian": 7, "eritrean": 6, "yoruba_igbo": 4, "hausa": 5, "ghanaian": 3, "ukrainian": 6,
        "romanian": 3, "moldovan": 4, "albanian": 4, "vietnamese": 7, "burmese": 6, "cambodian": 5,
        "thai": 5, "filipino": 3,
    },
}
# fmt: on
